using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth;

/// <summary>Acceptance: refresh-ahead, single flight, back-off, renewal order and invalidation, on a moved clock.</summary>
public sealed class TokenCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(3600);

    [Fact]
    public async Task Calls_before_RefreshOn_make_no_grant_after_it_one_refresh_and_after_the_refresh_token_expires_one_password_grant()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        using var session = await h.ConnectAsync();
        var first = await session.GetTokenAsync();
        Assert.Equal(first.ExpiresOn - TimeSpan.FromSeconds(300), first.RefreshOn);

        // Before RefreshOn: the cached token, no request.
        h.Clock.Advance(first.RefreshOn - h.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        for (var i = 0; i < 20; i++)
        {
            Assert.Same(first, await session.GetTokenAsync());
        }

        Assert.Equal(1, (await h.StatsAsync()).TokenRequests);

        // After RefreshOn (token still valid): callers keep the old token while one refresh runs.
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Same(first, await session.GetTokenAsync());
        await SettledAsync(session);
        var second = await session.GetTokenAsync();
        Assert.NotEqual(first.Token, second.Token);
        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.Grants("refresh_token"));
        Assert.Equal(1, stats.Grants("password"));
        Assert.Contains(h.Reports.Verbose, l => l == "token refreshed, expires " + second.ExpiresOn.UtcDateTime.ToString("HH:mm:ss") + "Z");

        // Long after (the refresh token of 7200 s has expired too): one password grant, no refresh grant.
        h.Clock.Advance(TimeSpan.FromSeconds(8000));
        var third = await session.GetTokenAsync();
        Assert.False(third.IsExpired(h.Clock.GetUtcNow()));
        stats = await h.StatsAsync();
        Assert.Equal(2, stats.Grants("password"));
        Assert.Equal(1, stats.Grants("refresh_token"));
        Assert.Equal(3, stats.TokenRequests);
        h.AssertNoSecrets(null, first.Token, second.Token, third.Token);
    }

    [Fact]
    public async Task Sixty_four_concurrent_callers_across_ten_expiries_cause_exactly_one_grant_per_refresh_window()
    {
        await using var h = await AuthHarness.StartAsync();
        using var session = await h.ConnectAsync();
        var errors = new ConcurrentQueue<Exception>();

        for (var window = 0; window < 10; window++)
        {
            var before = await h.StatsAsync();
            var current = await session.GetTokenAsync();

            // Even windows: land past expiry (everyone must wait for the one renewal).
            // Odd windows: land inside the refresh window (everyone keeps the valid token; one renewal runs behind).
            var target = window % 2 == 0 ? current.ExpiresOn + TimeSpan.FromSeconds(1) : current.RefreshOn + TimeSpan.FromSeconds(1);
            h.Clock.Advance(target - h.Clock.GetUtcNow());
            var now = h.Clock.GetUtcNow();

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
            await SettledAsync(session);

            Assert.Empty(errors);
            Assert.All(tokens, t => Assert.False(t!.IsExpired(now), "a caller got an expired token"));
            var after = await h.StatsAsync();
            Assert.Equal(1, after.AllGrants - before.AllGrants);
            Assert.Equal(1, after.TokenRequests - before.TokenRequests);
            var renewed = await session.GetTokenAsync();
            Assert.NotEqual(current.Token, renewed.Token);
            Assert.True(renewed.RefreshOn > now);
        }
    }

    [Fact]
    public async Task A_failed_refresh_with_a_valid_token_keeps_the_token_and_is_retried_after_a_back_off_not_on_every_call()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        using var session = await h.ConnectAsync();
        var first = await session.GetTokenAsync();
        h.Clock.Advance(first.RefreshOn - h.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await h.FaultAsync(new { tokenEndpointDownSeconds = 100 }); // down from now (F) until F + 100 s

        Assert.Same(first, await session.GetTokenAsync());
        await SettledAsync(session);
        Assert.Equal(2, (await h.StatsAsync()).TokenRequests);
        Assert.Contains(h.Reports.Warnings, w => w.Contains("Token refresh failed") && w.Contains("CXone.ServerError"));

        // Many calls within the back-off (30 s): the old token, no new request.
        for (var i = 0; i < 50; i++)
        {
            Assert.Same(first, await session.GetTokenAsync());
        }

        h.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Same(first, await session.GetTokenAsync());
        Assert.Equal(2, (await h.StatsAsync()).TokenRequests);

        // Past the back-off (F + 31 s): one more attempt (still down), then the back-off doubles to 60 s.
        h.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Same(first, await session.GetTokenAsync());
        await SettledAsync(session);
        Assert.Equal(3, (await h.StatsAsync()).TokenRequests);
        Assert.Equal(2, h.Reports.Warnings.Count);
        h.Clock.Advance(TimeSpan.FromSeconds(45)); // F + 76 s: within the doubled back-off
        Assert.Same(first, await session.GetTokenAsync());
        Assert.Equal(3, (await h.StatsAsync()).TokenRequests);

        // F + 106 s: the endpoint is back and the back-off has passed: the refresh succeeds.
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Same(first, await session.GetTokenAsync());
        await SettledAsync(session);
        var renewed = await session.GetTokenAsync();
        Assert.NotEqual(first.Token, renewed.Token);
        var stats = await h.StatsAsync();
        Assert.Equal(4, stats.TokenRequests);
        Assert.Equal(1, stats.Grants("refresh_token"));
        h.AssertNoSecrets(null, first.Token, renewed.Token);
    }

    [Fact]
    public async Task After_revoking_all_tokens_the_next_call_renews_once_falling_back_to_the_access_key_and_succeeds()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        using var session = await h.ConnectAsync();
        var old = await session.GetTokenAsync();
        await h.FaultAsync(new { revokeAllTokens = true });

        // The API rejects the revoked token with 401 ...
        Assert.Equal(401, await ServerTimeStatusAsync(session, old));

        // ... the pipeline reports it; the next call renews once: refresh token refused -> access key.
        session.Tokens.Invalidate(old);
        var fresh = await session.Tokens.GetTokenAsync(default);
        Assert.NotEqual(old.Token, fresh.Token);
        Assert.Equal(200, await ServerTimeStatusAsync(session, fresh));
        var stats = await h.StatsAsync();
        Assert.Equal(2, stats.Grants("password"));
        Assert.Equal(1, stats.GrantFailures("refresh_token"));
        Assert.Equal(0, stats.Grants("refresh_token"));
        Assert.Contains(h.Reports.Verbose, l => l.Contains("refresh token was refused"));
        h.AssertNoSecrets(null, old.Token, fresh.Token);
    }

    [Fact]
    public async Task After_revoking_all_tokens_the_next_api_call_through_the_session_renews_once_and_succeeds()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        using var session = await h.ConnectAsync();
        var old = await session.GetTokenAsync();
        Assert.Equal(200, await SessionServerTimeStatusAsync(session));
        await h.FaultAsync(new { revokeAllTokens = true });

        Assert.Equal(200, await SessionServerTimeStatusAsync(session));

        var stats = await h.StatsAsync();
        Assert.Equal(3, stats.Route("GET /inContactAPI/services/{version}/server-time")); // 200, 401, 200
        Assert.Equal(2, stats.Grants("password"));
        Assert.Equal(1, stats.GrantFailures("refresh_token"));
        Assert.Equal(3, stats.TokenRequests); // first login, refused refresh, access key again
        Assert.NotEqual(old.Token, (await session.GetTokenAsync()).Token);

        // One renewal only: the next calls use the new token.
        Assert.Equal(200, await SessionServerTimeStatusAsync(session));
        Assert.Equal(3, (await h.StatsAsync()).TokenRequests);
        h.AssertNoSecrets(null, old.Token);
    }

    [Fact]
    public async Task A_401_for_a_token_the_user_brought_keeps_the_token_and_shows_the_401()
    {
        await using var h = await AuthHarness.StartAsync();
        var (access, _) = await h.RawPasswordGrantAsync();
        using var listen = h.Listen();
        using var session = await h.ConnectAsync(new StaticAccessTokenCredential(access));
        await h.FaultAsync(new { route = "GET /inContactAPI/services/{version}/server-time", kind = "401", count = 1 });

        Assert.Equal(401, await SessionServerTimeStatusAsync(session));
        Assert.Equal(access, (await session.GetTokenAsync()).Token);
        Assert.Equal(200, await SessionServerTimeStatusAsync(session));
        Assert.Equal(1, (await h.StatsAsync()).TokenRequests); // the raw one: the session never asks for tokens
        h.AssertNoSecrets(null, access);
    }

    [Fact]
    public async Task When_the_refresh_token_and_the_access_key_are_both_refused_the_session_asks_to_connect_again()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        using var session = await h.ConnectAsync();
        var token = await session.GetTokenAsync();
        await h.FaultAsync(new { revokeAllTokens = true });
        h.Emulator.Options.AccessKeySecret = "Rotated+Canary/Key==";   // the key the session holds is now wrong
        session.Tokens.Invalidate(token);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => session.GetTokenAsync());

        Assert.Equal(CXoneErrorKind.ReconnectRequired, ex.Kind);
        Assert.Equal("invalid_grant", ex.ErrorCode);
        Assert.StartsWith("The session cannot renew its token: the refresh token is no longer accepted and the AccessKey credential was refused: ", ex.Message);
        Assert.Contains("access key is wrong, disabled or expired", ex.RecommendedAction);
        Assert.Contains("connect again", ex.RecommendedAction);
        Assert.IsType<CXoneException>(ex.InnerException);
        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.GrantFailures("refresh_token"));
        Assert.Equal(1, stats.GrantFailures("password"));
        h.AssertNoSecrets(ex, AuthHarness.CanaryAccessKeySecret, "Rotated+Canary/Key==", token.Token);
    }

    [Fact]
    public async Task A_late_401_for_an_old_token_does_not_drop_the_newer_one()
    {
        await using var h = await AuthHarness.StartAsync();
        using var session = await h.ConnectAsync();
        var t1 = await session.GetTokenAsync();
        var t2 = await session.GetTokenAsync(forceRefresh: true);
        Assert.NotEqual(t1.Token, t2.Token);
        var before = (await h.StatsAsync()).TokenRequests;

        session.Tokens.Invalidate(t1);
        Assert.Same(t2, await session.GetTokenAsync());
        Assert.Equal(before, (await h.StatsAsync()).TokenRequests);

        session.Tokens.Invalidate(t2);
        Assert.Null(session.TokenExpiresOn);
        var t3 = await session.GetTokenAsync();
        Assert.NotEqual(t2.Token, t3.Token);
        Assert.Equal(before + 1, (await h.StatsAsync()).TokenRequests);
    }

    [Fact]
    public async Task When_the_refresh_token_is_refused_a_browser_login_asks_to_connect_again()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var browser = new HeadlessBrowser();
        using var session = await h.ConnectAsync(new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = browser }));
        var token = await session.GetTokenAsync();
        await h.FaultAsync(new { revokeAllTokens = true });
        session.Tokens.Invalidate(token);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => session.GetTokenAsync());

        Assert.Equal(CXoneErrorKind.ReconnectRequired, ex.Kind);
        Assert.Equal("invalid_grant", ex.ErrorCode);
        Assert.StartsWith("The session cannot renew its token: the refresh token was refused", ex.Message);
        Assert.Contains("Connect again", ex.RecommendedAction);
        Assert.Equal(1, browser.Launches); // never opens a browser by itself during renewal
        h.AssertNoSecrets(ex, token.Token);
    }

    [Fact]
    public async Task Refresh_ahead_is_capped_at_half_the_lifetime_and_configurable()
    {
        await using var h = await AuthHarness.StartAsync(o => o.AccessTokenLifetime = TimeSpan.FromSeconds(400));
        using (var session = await h.ConnectAsync())
        {
            var token = await session.GetTokenAsync();
            Assert.Equal(TimeSpan.FromSeconds(400), token.ExpiresOn - h.Clock.GetUtcNow());
            Assert.Equal(TimeSpan.FromSeconds(200), token.ExpiresOn - token.RefreshOn);
        }

        var options = h.Options();
        options.RefreshAhead = TimeSpan.FromSeconds(60);
        using (var session = await CXoneSession.ConnectAsync(options))
        {
            var token = await session.GetTokenAsync();
            Assert.Equal(TimeSpan.FromSeconds(60), token.ExpiresOn - token.RefreshOn);
        }
    }

    [Fact]
    public async Task A_disposed_session_gives_no_token()
    {
        await using var h = await AuthHarness.StartAsync();
        var session = await h.ConnectAsync();
        session.Dispose();
        session.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.GetTokenAsync());
        Assert.Null(session.TokenExpiresOn);
    }

    /// <summary>Waits for a background renewal to finish, whatever its outcome (the test then looks at the stats).</summary>
    internal static async Task SettledAsync(CXoneSession session)
    {
        var pending = session.TokenCache.PendingRenewal;
        if (pending != null)
        {
            await Task.WhenAny(pending);
        }
    }

    private static async Task<int> SessionServerTimeStatusAsync(CXoneSession session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "inContactAPI/services/v30.0/server-time");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await session.ApiHttp.SendAsync(request);
        return (int)response.StatusCode;
    }

    private static async Task<int> ServerTimeStatusAsync(CXoneSession session, AccessToken token)
    {
        // A plain request with the given token, as the API pipeline would send it for one attempt.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(session.ApiEndpoint, "inContactAPI/services/v30.0/server-time"));
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(token.TokenType, token.Token);
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }
}
