using System;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Tests.Auth;

/// <summary>One sanitizer for tokens, secrets, Authorization values and JWT-shaped strings.</summary>
public sealed class RedactorTests
{
    private const string Secret = "Redactor+Canary/Secret 7&==";

    [Theory]
    [InlineData("Authorization: Basic Q2xpZW50OnNlY3JldA==", "Authorization: Basic ***")]
    [InlineData("authorization: bearer abc.def-ghi", "authorization: bearer ***")]
    [InlineData("id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln_-x end", "id *** end")]
    [InlineData("grant_type=refresh_token&refresh_token=opaque%2Brefresh&client_id=c", "grant_type=refresh_token&refresh_token=***&client_id=c")]
    [InlineData("{\"access_token\":\"opaque-1\",\"expires_in\":3600}", "{\"access_token\":\"***\",\"expires_in\":3600}")]
    [InlineData("{\"client_secret\": \"s3\", \"password\":\"p4\"}", "{\"client_secret\": \"***\", \"password\":\"***\"}")]
    [InlineData("code=abc123&state=xyz", "code=***&state=xyz")]
    [InlineData("{\"code\":\"abc123\"}", "{\"code\":\"***\"}")]
    [InlineData("https://storage.example/f.mp4?sig=abc&se=1", "https://storage.example/f.mp4?sig=***&se=1")]
    public void Secrets_are_masked_by_shape(string text, string expected)
    {
        Assert.Equal(expected, Redactor.Sanitize(text));
    }

    [Theory]
    [InlineData("The session cannot renew its token: the refresh token was refused.")]
    [InlineData("Nobody completed the browser login within 120.0 s; the code: not received.")]
    [InlineData("The token request (password grant) to cxone.niceincontact.com failed: HTTP 400 invalid_grant.")]
    [InlineData("token refreshed, expires 14:05:00Z")]
    [InlineData("POST /auth/token 200 in 35 ms")]
    public void Prose_that_mentions_tokens_and_codes_is_left_alone(string text)
    {
        Assert.Equal(text, Redactor.Sanitize(text));
    }

    [Fact]
    public void A_registered_secret_is_masked_in_every_encoding_it_takes_in_text()
    {
        Redactor.AddSecret(Secret);
        var forms = new[]
        {
            Secret,
            Uri.EscapeDataString(Secret),
            System.Text.RegularExpressions.Regex.Replace(Uri.EscapeDataString(Secret), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant()),
            Uri.EscapeDataString(Secret).Replace("%20", "+"),
            System.Text.Json.JsonEncodedText.Encode(Secret).ToString(),
            Secret.Replace("/", "\\/"),
        };

        foreach (var form in forms)
        {
            var clean = Redactor.Sanitize("before " + form + " after");
            Assert.Equal("before *** after", clean);
        }
    }

    [Fact]
    public void Exceptions_sanitize_every_text_they_hold_and_excerpts_are_at_most_200_characters()
    {
        Redactor.AddSecret(Secret);
        var ex = new CXoneException(
            CXoneErrorKind.InvalidResponse,
            "said " + Secret,
            "do not paste " + Secret,
            errorCode: "e " + Secret,
            errorDescription: "Bearer eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.",
            innerException: null);

        Assert.DoesNotContain(Secret, ex.ToString());
        Assert.DoesNotContain(Secret, ex.RecommendedAction);
        Assert.DoesNotContain(Secret, ex.ErrorCode);
        Assert.DoesNotContain("eyJ", ex.ErrorDescription);

        var excerpt = Redactor.Excerpt(new string('x', 500) + Secret);
        Assert.Equal(203, excerpt.Length);
        Assert.EndsWith("...", excerpt);
        Assert.Equal("a *** b", Redactor.Excerpt("a\n" + Secret + "\nb"));
    }

    [Fact]
    public void Reports_are_sanitized_when_they_are_made()
    {
        Redactor.AddSecret(Secret);
        Assert.Equal("key ***", new CXoneReport(CXoneReportKind.Verbose, "key " + Secret).Message);
    }
}
