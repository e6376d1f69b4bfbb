using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth;

/// <summary>
/// The canary where it can fail: a token endpoint (a misbehaving proxy) that echoes what it received, so the
/// secrets are really in the answer Core quotes. Only the sanitizer stands between them and the user.
/// </summary>
public sealed class SecretEchoCanaryTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (var source in new[] { "AccessKey", "AccessKeyPost", "UserPassword", "ClientCredentials", "RefreshToken", "AuthorizationCode" })
        {
            foreach (var echo in new[] { "htmlForm", "htmlBasicValue", "jsonDescription", "jsonEscapedExcerpt", "text503Decoded" })
            {
                yield return new object[] { source, echo };
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Secrets_echoed_by_the_token_endpoint_never_reach_the_exception_or_the_reports(string source, string echo)
    {
        await using var h = await AuthHarness.StartAsync(o => o.AllowClientCredentials = true);
        string? broughtRefresh = null;
        var browser = new HeadlessBrowser();
        CXoneCredential credential = source switch
        {
            "AccessKey" or "AccessKeyPost" => h.AccessKey(),
            "UserPassword" => h.UserPassword(),
            "ClientCredentials" => new ClientCredentialsCredential(),
            "RefreshToken" => new RefreshTokenCredential(broughtRefresh = (await h.RawPasswordGrantAsync()).RefreshToken),
            _ => new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = browser }),
        };

        using var server = new CannedHttpServer(r => Echo(echo, r));
        using var listen = h.Listen();
        var options = h.Options(credential);
        options.TokenEndpoint = new Uri(server.BaseUri, "auth/token");
        options.ApiEndpoint = h.Emulator.ApiBaseUri;
        if (source == "AccessKeyPost")
        {
            options.ClientAuthentication = ClientAuthenticationMethod.Post;
        }

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(server.BaseUri.Authority, ex.Host);
        var request = server.LastRequest!;
        var fields = System.Web.HttpUtility.ParseQueryString(request.Body);
        var flowSecrets = new[] { broughtRefresh, fields["code"], fields["code_verifier"], fields["refresh_token"] }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToArray();

        // The answer really carried a secret (so this canary can fail) ...
        var answer = Echo(echo, request).Body;
        var planted = h.Secrets().Concat(flowSecrets).Concat(BasicValues(request)).ToArray();
        Assert.True(planted.Any(s => answer.Contains(s) || answer.Contains(Uri.EscapeDataString(s)) || answer.Contains(JsonEncodedText.Encode(s).ToString())),
            "the echo carried no secret: " + answer);

        // ... and none of it reached the user.
        h.AssertNoSecrets(ex, flowSecrets.Concat(BasicValues(request)).ToArray());
    }

    /// <summary>What the misbehaving endpoint answers: the request's secrets in several shapes, first (the excerpt keeps 200 characters).</summary>
    private static (int Status, string ContentType, string Body) Echo(string kind, CannedRequest request)
    {
        var fields = System.Web.HttpUtility.ParseQueryString(request.Body);
        var decoded = string.Join(" ", new[] { "password", "client_secret", "refresh_token", "code", "code_verifier" }
            .Select(n => fields[n]).Where(v => !string.IsNullOrEmpty(v)));
        var basic = request.Authorization is { } a && a.StartsWith("Basic ", StringComparison.Ordinal) ? a.Substring(6) : null;
        var basicDecoded = basic is null ? string.Empty : Encoding.UTF8.GetString(Convert.FromBase64String(basic));
        switch (kind)
        {
            case "htmlForm":
                return (502, "text/html", "<html><body><pre>" + request.Body + "\nAuthorization: " + request.Authorization + "</pre></body></html>");
            case "htmlBasicValue":
                return (502, "text/html", "<html><body><pre>" + (basic ?? request.Body) + "</pre></body></html>");
            case "jsonDescription":
                return (400, "application/json", JsonSerializer.Serialize(new { error = "invalid_request", error_description = "rejected " + decoded + " " + basicDecoded }));
            case "jsonEscapedExcerpt":
                return (200, "application/json", JsonSerializer.Serialize(new { echo = decoded + " " + Uri.UnescapeDataString(basicDecoded) }));
            default:
                return (503, "text/plain", "upstream refused " + Uri.UnescapeDataString(basicDecoded) + " " + decoded);
        }
    }

    private static IEnumerable<string> BasicValues(CannedRequest request)
    {
        if (request.Authorization is { } a && a.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var value = a.Substring(6);
            yield return value;
            yield return Encoding.UTF8.GetString(Convert.FromBase64String(value));
        }
    }
}
