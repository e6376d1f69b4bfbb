using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth;

/// <summary>
/// Acceptance, the harder interleavings: callers that arrive while a renewal is still in flight and the clock passes
/// expiry, and 64 parallel API calls (real requests through the session's pipeline) across ten expiries.
/// </summary>
public sealed class TokenCacheConcurrencyTests
{
    private const string ServerTime = "GET /inContactAPI/services/{version}/server-time";

    [Fact]
    public async Task Callers_arriving_after_expiry_while_the_refresh_ahead_renewal_is_in_flight_share_it()
    {
        await using var h = await AuthHarness.StartAsync();
        var options = h.Options();
        options.TokenRequestTimeout = TimeSpan.FromDays(1); // the manual clock jumps by minutes while a request is in flight
        options.Http.AttemptTimeout = TimeSpan.FromDays(1);
        options.Http.TotalBudget = TimeSpan.FromDays(1);
        using var session = await CXoneSession.ConnectAsync(options);
        await h.FaultAsync(new { route = "POST /auth/token", latencyMs = 150 }); // holds each renewal in flight (real time)
        var errors = new ConcurrentQueue<Exception>();

        for (var window = 0; window < 10; window++)
        {
            var before = await h.StatsAsync();
            var current = await session.GetTokenAsync();

            // Inside the refresh window: everyone keeps the valid token, one renewal starts.
            h.Clock.Advance(current.RefreshOn + TimeSpan.FromSeconds(1) - h.Clock.GetUtcNow());
            var early = await Callers(session, 32, errors);
            Assert.All(early, t => Assert.Same(current, t));
            Assert.NotNull(session.TokenCache.PendingRenewal);

            // Past expiry before that renewal answered: the next callers wait for it instead of starting another.
            h.Clock.Advance(current.ExpiresOn + TimeSpan.FromSeconds(1) - h.Clock.GetUtcNow());
            var now = h.Clock.GetUtcNow();
            var late = await Callers(session, 32, errors);
            await TokenCacheTests.SettledAsync(session);

            Assert.Empty(errors);
            Assert.All(late, t => Assert.False(t!.IsExpired(now), "a caller got an expired token"));
            Assert.Single(late.Select(t => t!.Token).Distinct());
            var after = await h.StatsAsync();
            Assert.Equal(1, after.AllGrants - before.AllGrants);
            Assert.Equal(1, after.TokenRequests - before.TokenRequests);
        }
    }

    [Fact]
    public async Task Sixty_four_parallel_api_calls_across_ten_expiries_never_send_an_expired_token()
    {
        await using var h = await AuthHarness.StartAsync();
        using var session = await h.ConnectAsync();
        var errors = new ConcurrentQueue<Exception>();

        for (var window = 0; window < 10; window++)
        {
            var before = await h.StatsAsync();
            var current = await session.GetTokenAsync();
            var target = window % 2 == 0 ? current.ExpiresOn + TimeSpan.FromSeconds(1) : current.RefreshOn + TimeSpan.FromSeconds(1);
            h.Clock.Advance(target - h.Clock.GetUtcNow());

            var statuses = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "inContactAPI/services/v30.0/server-time");
                    using var response = await session.ApiHttp.SendAsync(request);
                    return (int)response.StatusCode;
                }
                catch (Exception ex)
                {
                    errors.Enqueue(ex);
                    return -1;
                }
            })));
            await TokenCacheTests.SettledAsync(session);

            Assert.Empty(errors);
            Assert.All(statuses, s => Assert.Equal(200, s));
            var after = await h.StatsAsync();
            Assert.Equal(1, after.AllGrants - before.AllGrants);
            Assert.Equal(64, after.Route(ServerTime) - before.Route(ServerTime));
            Assert.Equal(0, after.Status(ServerTime, 401)); // the emulator checks exp on its clock: no expired token was sent
        }
    }

    [Fact]
    public async Task After_revoking_all_tokens_64_parallel_api_calls_renew_once_and_all_succeed()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        using var session = await h.ConnectAsync();
        var old = await session.GetTokenAsync();
        await h.FaultAsync(new { revokeAllTokens = true });
        var before = await h.StatsAsync();

        // Every call first sends the revoked token and gets 401; the late 401s must not drop the renewed token.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "inContactAPI/services/v30.0/server-time");
            using var response = await session.ApiHttp.SendAsync(request);
            return (int)response.StatusCode;
        })));

        Assert.All(statuses, s => Assert.Equal(200, s));
        var after = await h.StatsAsync();
        Assert.Equal(2, after.TokenRequests - before.TokenRequests); // one renewal: refused refresh token, then the access key
        Assert.Equal(1, after.Grants("password") - before.Grants("password"));
        Assert.Equal(64, after.Status(ServerTime, 200) - before.Status(ServerTime, 200));
        Assert.NotEqual(old.Token, (await session.GetTokenAsync()).Token);
        h.AssertNoSecrets(null, old.Token);
    }

    [Fact]
    public async Task A_caller_that_cancels_its_wait_does_not_cancel_the_renewal_others_share()
    {
        await using var h = await AuthHarness.StartAsync();
        var options = h.Options();
        options.TokenRequestTimeout = TimeSpan.FromDays(1);
        using var session = await CXoneSession.ConnectAsync(options);
        var first = await session.GetTokenAsync();
        await h.FaultAsync(new { route = "POST /auth/token", latencyMs = 300 });
        h.Clock.Advance(first.ExpiresOn + TimeSpan.FromSeconds(1) - h.Clock.GetUtcNow());

        using var cts = new System.Threading.CancellationTokenSource();
        var impatient = session.GetTokenAsync(false, cts.Token);
        var patient = session.GetTokenAsync();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        var renewed = await patient;
        Assert.NotEqual(first.Token, renewed.Token);
        Assert.Same(renewed, await session.GetTokenAsync());
        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.Grants("refresh_token"));
        Assert.Equal(2, stats.TokenRequests);
    }

    [Fact]
    public async Task Cancelling_a_connect_surfaces_as_OperationCanceledException_not_wrapped()
    {
        await using var h = await AuthHarness.StartAsync();
        await h.FaultAsync(new { route = "POST /auth/token", latencyMs = 30000 });
        using var cts = new System.Threading.CancellationTokenSource();

        var connect = CXoneSession.ConnectAsync(h.Options(), cts.Token);
        while ((await h.StatsAsync()).OidcRequests == 0 && !connect.IsCompleted)
        {
            await Task.WhenAny(connect, Task.Delay(10));
        }

        cts.Cancel();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect);
        Assert.IsNotType<CXone.Core.Errors.CXoneException>(ex);
    }

    private static async Task<AccessToken?[]> Callers(CXoneSession session, int count, ConcurrentQueue<Exception> errors) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
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
}
