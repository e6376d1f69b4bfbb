using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Hostile;

/// <summary>
/// The token endpoint is down while the token has expired: one renewal at a time is shared by all callers, the
/// session backs off between attempts, and callers fail at once with the endpoint's own failure kind and the time
/// of the next attempt instead of each calling the endpoint.
/// </summary>
public sealed class TokenOutageTests
{
    [Fact]
    public async Task Sixty_four_workers_during_an_outage_send_one_token_request_per_back_off_step()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        using var session = await h.ConnectAsync();
        var first = await session.GetTokenAsync();
        h.Clock.Advance(first.ExpiresOn - h.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await h.FaultAsync(new { tokenEndpointDownSeconds = 3600 });
        var before = (await h.StatsAsync()).TokenRequests;

        var errors = await CallersAsync(session, 64);
        var afterBurst = (await h.StatsAsync()).TokenRequests;
        var second = await CallersAsync(session, 64);
        var afterSecond = (await h.StatsAsync()).TokenRequests;

        Assert.Equal(64, errors.Count);
        Assert.All(errors, e => Assert.Equal(CXoneErrorKind.ServerError, Assert.IsType<CXoneException>(e).Kind));
        Assert.InRange(afterBurst - before, 1, 2); // one shared renewal (a caller may arrive just after it failed: the back-off answers it)
        Assert.Equal(afterBurst, afterSecond);     // during the back-off nobody calls the endpoint
        Assert.All(second, e => Assert.Contains("next attempt is at", e.Message));
        Assert.Contains(h.Reports.Warnings, w => w.Contains("asks the token endpoint again at"));

        // After the back-off: exactly one new attempt; once the endpoint is back, one grant and every caller has a token.
        h.Clock.Advance(TimeSpan.FromSeconds(31));
        await CallersAsync(session, 64);
        Assert.Equal(afterSecond + 1, (await h.StatsAsync()).TokenRequests);

        await h.FaultAsync(new { tokenEndpointDownSeconds = 0 });
        h.Clock.Advance(TimeSpan.FromSeconds(61)); // the second back-off step doubles: 60 s
        var tokens = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => session.GetTokenAsync())));
        Assert.Single(tokens.Select(t => t.Token).Distinct());
        Assert.Equal(afterSecond + 2, (await h.StatsAsync()).TokenRequests);
        h.AssertNoSecrets(errors.First());
    }

    private static async Task<ConcurrentQueue<Exception>> CallersAsync(CXone.Core.CXoneSession session, int count)
    {
        var errors = new ConcurrentQueue<Exception>();
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            try
            {
                await session.GetTokenAsync();
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })));
        return errors;
    }
}
