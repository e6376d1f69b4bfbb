using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Recordings;
using CXone.Core.Tests.Requests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Recordings;

/// <summary>
/// The media playback limit at small scale on one manual clock: the emulator counts in fixed windows that do not
/// start with the client's first lookup; the client must use every permit without a 429, and learn a smaller quota
/// from the 429s and Retry-After without losing an item.
/// </summary>
public sealed class MediaPlaybackLimitTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cxone-limit-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    [Fact]
    public async Task At_the_servers_limit_on_a_window_not_aligned_with_the_client_every_permit_is_used_and_nothing_is_throttled()
    {
        await using var w = await RequestsWorld.StartAsync(
            e => Server(e, limit: 10),
            h => { h.MediaPlaybackPermits = 10; h.MediaPlaybackWindow = TimeSpan.FromMinutes(1); });
        var start = w.Clock.GetUtcNow();

        var results = await DownloadAsync(w, 35);

        Assert.All(results, r => Assert.True(r.Status == DownloadStatus.Saved, r.ToString()));
        var stats = w.Emu.GetStats();
        Assert.Equal(35, stats.Requests(Routes.MediaContacts, 200));
        Assert.Equal(0, stats.Throttled);
        // 10 at 0 s, 60 s and 120 s, the last 5 at 180 s: each permit used the moment it left the client's window,
        // each burst inside one of the server's windows (-23..37, 37..97, ...).
        Assert.Equal(180, (w.Clock.GetUtcNow() - start).TotalSeconds);
        Assert.Equal(10, w.Recordings.Limiter.Permits);
    }

    [Fact]
    public async Task A_tenant_quota_below_the_setting_is_learned_from_the_429s_and_Retry_After_and_no_item_fails()
    {
        // Retry-After (37 s to the server's next window at the first 429) is longer than the pipeline's largest wait
        // (10 s here), so the pipeline hands the 429 back and the limiter has to deal with it.
        await using var w = await RequestsWorld.StartAsync(
            e => Server(e, limit: 6),
            h => { h.MediaPlaybackPermits = 10; h.MediaPlaybackWindow = TimeSpan.FromMinutes(1); h.MaxDelay = TimeSpan.FromSeconds(10); });
        var start = w.Clock.GetUtcNow();

        var results = await DownloadAsync(w, 30);

        Assert.All(results, r => Assert.True(r.Status == DownloadStatus.Saved, r.ToString()));
        var stats = w.Emu.GetStats();
        Assert.Equal(30, stats.Requests(Routes.MediaContacts, 200));
        Assert.InRange(stats.Throttled, 1, 4); // only the lookups already sent when the first 429 came back
        Assert.Equal(6, w.Recordings.Limiter.Permits);
        // 6 at 0 s, then 6 each time the client's window let them go (60, 120, 180, 240 s): no window lost.
        Assert.Equal(240, (w.Clock.GetUtcNow() - start).TotalSeconds);
    }

    private static void Server(EmulatorOptions e, int limit)
    {
        e.MediaPlaybackLimit = limit;
        e.MediaPlaybackWindow = TimeSpan.FromMinutes(1);
        e.MediaPlaybackWindowOrigin = e.TimeProvider.GetUtcNow() - TimeSpan.FromSeconds(23);
        e.MultiInteractionFraction = 0;
        e.DefaultRecordingBytes = 4096;
    }

    private async Task<List<DownloadResult>> DownloadAsync(RequestsWorld w, int count)
    {
        var ids = w.Emu.Data.RecordedContacts.Where(c => c.ContactId != w.Emu.Data.LargeRecordingContactId).Take(count).Select(c => c.ContactId.ToString()).ToList();
        Assert.Equal(count, ids.Count);
        var options = new DownloadOptions { Folder = Path.Combine(_root, "rec"), ThrottleLimit = Workers, Overwrite = true };
        var results = new List<DownloadResult>();
        var run = Task.Run(async () =>
        {
            await foreach (var r in w.Recordings.DownloadManyAsync(Async(ids), options, CancellationToken.None))
            {
                lock (results)
                {
                    results.Add(r);
                }
            }
        });

        // The clock moves only when every worker still busy waits on the limiter, and then straight to the first
        // wake-up: a worker between its download and its next lookup never sees the clock jump.
        var limiter = w.Recordings.Limiter;
        var guard = Stopwatch.StartNew();
        while (!run.IsCompleted)
        {
            int pending;
            lock (results)
            {
                pending = count - results.Count;
            }

            if (limiter.Waiting == Math.Min(Workers, pending) && limiter.EarliestWake is { } wake && wake > w.Clock.GetTimestamp())
            {
                w.Clock.Advance(TimeSpan.FromTicks(wake - w.Clock.GetTimestamp()));
            }

            await Task.WhenAny(run, Task.Delay(1));
            Assert.True(guard.Elapsed < TimeSpan.FromSeconds(60), "the downloads never finished");
        }

        await run;
        Assert.Equal(count, results.Count);
        return results;
    }

    private const int Workers = 4;

    private static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var i in items)
        {
            ct.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return i;
        }
    }
}
