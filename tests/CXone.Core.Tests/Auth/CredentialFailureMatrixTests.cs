using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth;

/// <summary>
/// Acceptance: every credential source that talks to the token endpoint fails with the documented error when the
/// endpoint answers HTML 502, malformed JSON, is down (503), drops the connection or hangs; the canary holds.
/// </summary>
public sealed class CredentialFailureMatrixTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (var source in new[] { "AccessKey", "UserPassword", "ClientCredentials", "RefreshToken", "AuthorizationCode" })
        {
            foreach (var fault in new[] { "html502", "malformedJson", "down", "dropConnection", "timeout" })
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
        switch (fault)
        {
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
            _ => CXoneErrorKind.Timeout,
        };
        Assert.True(expected == ex.Kind, $"{source}/{fault}: expected {expected}, got {ex.Kind}: {ex.Message}");
        Assert.Equal(h.Host, ex.Host);
        Assert.Contains(h.Host, ex.Message);
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

        if (fault is "down" or "html502" or "malformedJson")
        {
            Assert.Equal(1, (await h.StatsAsync()).TokenRequests - tokenRequestsBefore); // one POST, not retried
        }

        h.AssertNoSecrets(ex, broughtRefresh ?? string.Empty);
    }
}
