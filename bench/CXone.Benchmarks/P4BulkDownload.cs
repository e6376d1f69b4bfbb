using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Http;
using CXone.Core.Recordings;
using CXone.Emulator;
using static CXone.Benchmarks.Bench;

namespace CXone.Benchmarks;

/// <summary>
/// P4: <see cref="RecordingsClient.DownloadManyAsync(IAsyncEnumerable{string}, DownloadOptions, CancellationToken)"/>
/// over 1,000 recorded contacts (100 with <c>--quick</c>), one 256 KiB recording each, with 20 ms of server latency
/// added to media playback lookups and to storage (so each recording costs at least 40 ms of waiting), at
/// ThrottleLimit 16 against ThrottleLimit 1. The media playback rate limit is raised on the emulator (1,000,000 per
/// window) and the client-side limiter is off (MediaPlaybackPermits = 0): the limit (150 per 5 minutes on a real
/// tenant) would otherwise be what is measured. Ratio = sequential time / parallel time.
/// </summary>
internal static class P4BulkDownload
{
    public static async Task<IReadOnlyList<Row>> RunAsync(BenchConfig config, CancellationToken ct)
    {
        var options = new EmulatorOptions
        {
            ContactCount = Math.Max(200, config.P4Recordings * 2),
            AgentCount = 10,
            MultiInteractionFraction = 0,
            MediaPlaybackLimit = 1_000_000,
            LargeRecordingBytes = 256 * 1024,
        };
        await using var emu = await CXoneEmulator.StartAsync(options, ct).ConfigureAwait(false);
        using var session = await CXoneSession.ConnectAsync(SessionOptions(emu, TimeProvider.System, new CXoneHttpOptions { MediaPlaybackPermits = 0 }), ct).ConfigureAwait(false);
        var ids = emu.Data.RecordedContacts
            .Where(c => c.ContactId != emu.Data.LargeRecordingContactId)
            .Select(c => c.ContactId.ToString(CultureInfo.InvariantCulture))
            .ToList();
        if (ids.Count < config.P4Recordings + 20)
        {
            throw new InvalidOperationException("The emulator's data set has only " + ids.Count + " recorded contacts.");
        }

        var warmup = ids.Take(20).ToList();
        var measured = ids.Skip(20).Take(config.P4Recordings).ToList();
        emu.Faults.SetLatency(config.P4Latency, Routes.MediaContacts);
        emu.Faults.SetLatency(config.P4Latency, Routes.Storage);

        await RunAsync(session, warmup, Path.Combine(config.Scratch, "p4-warmup"), 4, ct).ConfigureAwait(false);
        var sequential = await RunAsync(session, measured, Path.Combine(config.Scratch, "p4-seq"), 1, ct).ConfigureAwait(false);
        var parallel = await RunAsync(session, measured, Path.Combine(config.Scratch, "p4-par"), 16, ct).ConfigureAwait(false);
        var speedup = sequential / parallel;
        var n = measured.Count;
        return new[]
        {
            new Row(
                "P4",
                n + " recordings, 20 ms latency: ThrottleLimit 16 vs 1",
                F(parallel / 1000, "0.00") + " s (" + F(n / (parallel / 1000), "0") + "/s)",
                F(sequential / 1000, "0.00") + " s (" + F(n / (sequential / 1000), "0") + "/s, ThrottleLimit 1)",
                X(speedup) + " faster",
                ">= 12x",
                speedup >= 12),
        };
    }

    private static async Task<double> RunAsync(CXoneSession session, IReadOnlyList<string> ids, string folder, int throttle, CancellationToken ct)
    {
        TryDeleteDirectory(folder);
        var options = new DownloadOptions { Folder = folder, Overwrite = true, ThrottleLimit = throttle };
        var saved = 0;
        var failed = new List<string>();
        var start = Stopwatch.GetTimestamp();
        await foreach (var result in session.Recordings.DownloadManyAsync(ToAsync(ids), options, ct).ConfigureAwait(false))
        {
            if (result.Status == DownloadStatus.Saved)
            {
                saved++;
            }
            else
            {
                failed.Add(result.ToString());
            }
        }

        var ms = Ms(start, Stopwatch.GetTimestamp());
        TryDeleteDirectory(folder);
        if (saved != ids.Count)
        {
            throw new InvalidOperationException("ThrottleLimit " + throttle + ": " + saved + " of " + ids.Count + " saved; first failure: " + failed.FirstOrDefault());
        }

        return ms;
    }
}
