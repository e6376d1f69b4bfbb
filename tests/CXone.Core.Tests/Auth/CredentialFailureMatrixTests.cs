using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth;

/// <summary>
/// Acceptance: every credential source that talks to the token endpoint fails with the documented error when the
/// endpoint answers HTML 502, malformed JSON, a 200 without access_token or without a numeric expires_in, 403, is
/// down (503), drops the connection or hangs, and when the client secret is wrong; the canary holds.
/// </summary>
public sealed class CredentialFailureMatrixTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (var source in new[] { "AccessKey", "UserPassword", "ClientCredentials", "RefreshToken", "AuthorizationCode" })
        {
            foreach (var fault in new[] { "html502", "malformedJson", "down", "dropConnection", "timeout", "noAccessToken", "noExpiresIn", "expiresInText", "wrongClientSecret", "http403" })
            {
                yield return new object[] { source, fault };
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_credential_source_fails_with_the_documented_error(string source, string fault)
    {
        await using var h = await AuthHarness.StartAsync(o => o.AllowClientCredentials = true);
        string? broughtRefresh = null;
        var browser = new HeadlessBrowser();
        CXoneCredential credential;
        switch (source)
        {
            case "AccessKey":
                credential = h.AccessKey();
                break;
            case "UserPassword":
                credential = h.UserPassword();
                break;
            case "ClientCredentials":
                credential = new ClientCredentialsCredential();
                break;
            case "RefreshToken":
                broughtRefresh = (await h.RawPasswordGrantAsync()).RefreshToken;
                credential = new RefreshTokenCredential(broughtRefresh);
                break;
            default:
                credential = new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = browser, Timeout = TimeSpan.FromHours(1) });
                break;
        }

        using var listen = h.Listen();
        var options = h.Options(credential);
        options.TokenRequestTimeout = TimeSpan.FromSeconds(20);
        var tokenRequestsBefore = (await h.StatsAsync()).TokenRequests;
        var canned = fault switch
        {
            // Token endpoint answers the emulator has no fault for (real HTTP on loopback; discovery is skipped,
            // the browser login still goes to the emulator's /auth/authorize).
            "noAccessToken" => new CannedHttpServer(200, "application/json", "{\"token_type\":\"Bearer\",\"expires_in\":3600}"),
            "noExpiresIn" => new CannedHttpServer(200, "application/json", "{\"access_token\":\"x-CanaryAccess-0002\",\"token_type\":\"Bearer\"}"),
            "expiresInText" => new CannedHttpServer(200, "application/json", "{\"access_token\":\"x-CanaryAccess-0002\",\"expires_in\":\"an hour\"}"),
            "http403" => new CannedHttpServer(403, "application/json", "{\"error\":\"access_denied\",\"errorDescription\":\"The user has no API permission.\"}"),
            _ => null,
        };
        using var cannedServer = canned;
        var host = h.Host;
        if (canned != null)
        {
            options.TokenEndpoint = new Uri(canned.BaseUri, "auth/token");
            host = canned.BaseUri.Authority;
        }

        switch (fault)
        {
            case "noAccessToken":
            case "noExpiresIn":
            case "expiresInText":
            case "http403":
                break;
            case "wrongClientSecret":
                options.ClientSecret = AuthHarness.WrongSecret;
                break;
            case "down":
                await h.FaultAsync(new { tokenEndpointDownSeconds = 3600 });
                break;
            case "timeout":
                await h.FaultAsync(new { route = "POST /auth/token", latencyMs = 30000 });
                break;
            default:
                await h.FaultAsync(new { route = "POST /auth/token", kind = fault, count = 1 });
                break;
        }

        var connect = CXoneSession.ConnectAsync(options);
        if (fault == "timeout")
        {
            // Move the clock only once the token request can be in flight (after the browser step, if any).
            while (source == "AuthorizationCode" && browser.ListenerStatus is null && !connect.IsCompleted)
            {
                await Task.WhenAny(connect, Task.Delay(10));
            }

            await h.AdvanceUntilDoneAsync(connect, TimeSpan.FromSeconds(21));
        }

        var ex = await Assert.ThrowsAsync<CXoneException>(() => connect);

        var expected = fault switch
        {
            "html502" => CXoneErrorKind.InvalidResponse,
            "malformedJson" => CXoneErrorKind.InvalidResponse,
            "down" => CXoneErrorKind.ServerError,
            "dropConnection" => CXoneErrorKind.NetworkFailure,
            "noAccessToken" or "noExpiresIn" or "expiresInText" => CXoneErrorKind.InvalidResponse,
            "wrongClientSecret" => CXoneErrorKind.AuthenticationFailed,
            "http403" => CXoneErrorKind.Forbidden,
            _ => CXoneErrorKind.Timeout,
        };
        Assert.True(expected == ex.Kind, $"{source}/{fault}: expected {expected}, got {ex.Kind}: {ex.Message}");
        Assert.Equal(host, ex.Host);
        Assert.Contains(host, ex.Message);
        Assert.False(string.IsNullOrWhiteSpace(ex.RecommendedAction));
        if (fault == "html502")
        {
            Assert.Equal(502, ex.StatusCode);
            Assert.True(ex.ErrorDescription!.Length <= 203);
        }

        if (fault == "timeout")
        {
            Assert.Contains("within 20 s", ex.Message);
        }

        switch (fault)
        {
            case "noAccessToken":
                Assert.Contains("has no access_token", ex.Message);
                break;
            case "noExpiresIn":
                Assert.Contains("has no expires_in", ex.Message);
                break;
            case "expiresInText":
                Assert.Contains("not a whole number of seconds", ex.Message);
                break;
            case "wrongClientSecret":
                Assert.Equal("invalid_client", ex.ErrorCode);
                Assert.Contains("client id and client secret", ex.RecommendedAction);
                break;
            case "http403":
                Assert.Equal(403, ex.StatusCode);
                Assert.Equal("access_denied", ex.ErrorCode);
                Assert.Equal("The user has no API permission.", ex.ErrorDescription);
                Assert.Contains("lacks a permission", ex.RecommendedAction);
                break;
        }

        if (canned != null)
        {
            Assert.Equal(1, canned.Requests); // one POST, not retried
            Assert.Equal(tokenRequestsBefore, (await h.StatsAsync()).TokenRequests);
        }

        if (fault is "down" or "html502" or "malformedJson")
        {
            Assert.Equal(1, (await h.StatsAsync()).TokenRequests - tokenRequestsBefore); // one POST, not retried
        }

        h.AssertNoSecrets(ex, broughtRefresh ?? string.Empty, "x-CanaryAccess-0002");
    }
}
