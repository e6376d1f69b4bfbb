using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth.Logins;

/// <summary>Options and drivers shared by the login tests: the emulator's UserHub and Genesys-shaped routes.</summary>
internal static class LoginWorld
{
    public const string AccessKeyRoute = "POST /authentication/v1/token/access-key";
    public const string GenesysTokenRoute = "POST /oauth/token";
    public const string GenesysOrganizationRoute = "GET /api/v2/organizations/me";

    /// <summary>The access-key login without an app registration against the emulator (its base as the auth endpoint).</summary>
    public static CXoneSessionOptions UserHub(AuthHarness h, string? secret = null)
    {
        var o = h.Options(new UserHubAccessKeyCredential(h.Emulator.Options.AccessKeyId, secret ?? h.Emulator.Options.AccessKeySecret));
        o.ClientId = null;
        o.ClientSecret = null;
        o.AuthEndpoint = h.Issuer;
        return o;
    }

    /// <summary>Genesys Cloud client credentials, the hosts pointed at the emulator with the two overrides.</summary>
    public static CXoneSessionOptions Genesys(AuthHarness h, CXoneCredential? credential = null, string? secret = null)
    {
        var o = h.Options(credential ?? new ClientCredentialsCredential());
        o.Issuer = null;
        o.ClientSecret = secret ?? h.Emulator.Options.ClientSecret;
        o.GenesysCloudRegion = "us-east-1";
        o.TokenEndpoint = new Uri(h.Issuer, "oauth/token");
        o.ApiEndpoint = h.Issuer;
        return o;
    }

    /// <summary>
    /// Moves the clock into the token's refresh window (or past its expiry), lets 64 parallel callers ask for a token,
    /// waits for the one renewal, and returns the tokens they got (all valid at that time).
    /// </summary>
    public static async Task<AccessToken[]> SixtyFourCallersAsync(AuthHarness h, CXoneSession session, bool pastExpiry)
    {
        var current = await session.GetTokenAsync();
        var target = pastExpiry ? current.ExpiresOn + TimeSpan.FromSeconds(1) : current.RefreshOn + TimeSpan.FromSeconds(1);
        h.Clock.Advance(target - h.Clock.GetUtcNow());
        var errors = new ConcurrentQueue<Exception>();
        var tokens = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await session.GetTokenAsync();
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
                return null;
            }
        })));
        await TokenCacheTests.SettledAsync(session);
        Assert.Empty(errors);
        var now = h.Clock.GetUtcNow();
        Assert.All(tokens, t => Assert.False(t!.IsExpired(now), "a caller got an expired token"));
        return tokens!;
    }

    /// <summary>64 parallel GETs of <paramref name="path"/> through the session's pipeline; their statuses.</summary>
    public static Task<int[]> SixtyFourCallsAsync(CXoneSession session, string path) =>
        Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            using var response = await session.ApiHttp.SendAsync(request);
            return (int)response.StatusCode;
        })));
}
