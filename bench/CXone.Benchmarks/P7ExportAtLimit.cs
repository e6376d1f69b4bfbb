using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Recordings;
using CXone.Emulator;
using static CXone.Benchmarks.Bench;

namespace CXone.Benchmarks;

/// <summary>
/// P7: the nightly export at CXone's real limit on media playback lookups (docs/cxone-api.md section 4: 150 per
/// 5 minutes). One <see cref="ManualTimeProvider"/> is shared by the emulator and the session; the emulator counts
/// the limit in fixed 5-minute windows that started 137 s before the client's first lookup (not aligned to it);
/// the client's limiter is at its default (150 per 5 minutes). <c>DownloadManyAsync</c> by contact id with
/// ThrottleLimit 16 runs over one simulated hour (15 minutes with <c>--quick</c>): whenever every worker waits on
/// the limiter, the clock is advanced to the first one's wake-up, so no time is lost and none is slept on the
/// real clock. Reported: lookups the emulator answered in that time against what its limit allows, and its 429s.
/// A second run gives the tenant a smaller quota than the client's setting (100 per 5 minutes): the client must
/// learn it from the 429s and <c>Retry-After</c> and end with no failed item.
/// </summary>
internal static class P7ExportAtLimit
{
    private const int Throttle = 16;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Offset = TimeSpan.FromSeconds(137);

    public static async Task<IReadOnlyList<Row>> RunAsync(BenchConfig config, CancellationToken ct)
    {
        var span = config.P7Span;
        var what = (config.Quick ? "15 simulated minutes" : "1 simulated hour") + ", ThrottleLimit " + Throttle + ", server's fixed window 137 s off the client's start";
        var full = await RunOneAsync(150, span, config, ct).ConfigureAwait(false);
        var small = await RunOneAsync(100, span, config, ct).ConfigureAwait(false);
        var rows = new List<Row> { LimitRow("lookups at the limit, server 150 / 5 min, client default (" + what + ")", full, 150, span) };
        rows.Add(new Row("P7", "429s from the server (same run)", full.Throttled + " x 429, " + full.Failed + " failed", "-", "-", "0 x 429", full.Throttled == 0 && full.Failed == 0));
        rows.Add(LimitRow("lookups, tenant quota 100 / 5 min below the client's 150 (same clock and window)", small, 100, span));
        rows.Add(new Row(
            "P7",
            "smaller quota: 429s, failed items, client limit learned",
            small.Throttled + " x 429, " + small.Failed + " failed, limit " + small.LearnedPermits + " / 5 min",
            "-",
            "-",
            "0 failed",
            small.Failed == 0));
        return rows;
    }

    private static Row LimitRow(string measure, Outcome o, int limit, TimeSpan span)
    {
        var allowed = limit * (int)(span.Ticks / Window.Ticks);
        var ratio = o.Lookups / (double)allowed;
        return new Row(
            "P7",
            measure,
            o.Lookups.ToString("N0", CultureInfo.InvariantCulture) + " lookups (" + o.Saved.ToString("N0", CultureInfo.InvariantCulture) + " saved)",
            allowed.ToString("N0", CultureInfo.InvariantCulture) + " (the limit)",
            F(ratio, "0.000") + "x",
            limit == 150 ? ">= 0.98x" : "-",
            limit == 150 ? ratio >= 0.98 : null);
    }

    private static async Task<Outcome> RunOneAsync(int serverLimit, TimeSpan span, BenchConfig config, CancellationToken ct)
    {
        var clock = new ManualTimeProvider();
        var options = new EmulatorOptions
        {
            TimeProvider = clock,
            ContactCount = 400,
            AgentCount = 10,
            MultiInteractionFraction = 0,
            DefaultRecordingBytes = 8 * 1024,
            LargeRecordingBytes = 8 * 1024,
            MediaPlaybackLimit = serverLimit,
            MediaPlaybackWindow = Window,
            MediaPlaybackWindowOrigin = clock.GetUtcNow() - Offset,
        };
        await using var emu = await CXoneEmulator.StartAsync(options, ct).ConfigureAwait(false);
        using var session = await CXoneSession.ConnectAsync(SessionOptions(emu, clock), ct).ConfigureAwait(false);
        var ids = emu.Data.RecordedContacts.Select(c => c.ContactId.ToString(CultureInfo.InvariantCulture)).ToList();
        var folder = Path.Combine(config.Scratch, "p7-" + serverLimit);
        var download = new DownloadOptions { Folder = folder, Overwrite = true, ThrottleLimit = Throttle };
        var limiter = session.Recordings.Limiter;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var o = new Outcome();
        var run = Task.Run(async () =>
        {
            await foreach (var r in session.Recordings.DownloadManyAsync(Cycle(ids, stop.Token), download, stop.Token).ConfigureAwait(false))
            {
                o.Count(r);
            }
        });

        var end = clock.GetTimestamp() + span.Ticks; // the manual clock counts ticks
        var guard = Stopwatch.StartNew();
        EmulatorStats? atEnd = null;
        while (!run.IsCompleted)
        {
            // Every worker waits on the limiter and the woken ones have moved on: jump to the next wake-up.
            if (atEnd is null && limiter.Waiting == Throttle && limiter.EarliestWake is { } wake && wake > clock.GetTimestamp())
            {
                if (wake >= end)
                {
                    atEnd = emu.GetStats();
                    o.LearnedPermits = limiter.Permits;
                    stop.Cancel();
                }
                else
                {
                    clock.Advance(TimeSpan.FromTicks(wake - clock.GetTimestamp()));
                }
            }

            await Task.WhenAny(run, Task.Delay(1, ct)).ConfigureAwait(false);
            if (guard.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("P7 did not finish one simulated span in 10 minutes of real time.");
            }
        }

        try
        {
            await run.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
        {
        }

        TryDeleteDirectory(folder);
        var stats = atEnd ?? throw new InvalidOperationException("P7 ended before the simulated span: " + o.Failed + " failed; first: " + o.FirstFailure);
        o.Lookups = stats.Requests(Routes.MediaContacts, 200);
        o.Throttled = stats.Throttled;
        return o;
    }

    private static async IAsyncEnumerable<string> Cycle(IReadOnlyList<string> ids, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 0; !ct.IsCancellationRequested; i++)
        {
            yield return ids[i % ids.Count];
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private sealed class Outcome
    {
        private int _saved;
        private int _failed;

        public long Lookups { get; set; }

        public long Throttled { get; set; }

        public int LearnedPermits { get; set; }

        public int Saved => Volatile.Read(ref _saved);

        public int Failed => Volatile.Read(ref _failed);

        public string? FirstFailure { get; private set; }

        public void Count(DownloadResult r)
        {
            if (r.Status == DownloadStatus.Saved)
            {
                Interlocked.Increment(ref _saved);
            }
            else
            {
                FirstFailure ??= r.ToString();
                Interlocked.Increment(ref _failed);
            }
        }
    }
}
