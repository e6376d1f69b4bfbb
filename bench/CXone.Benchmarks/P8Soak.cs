using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Emulator;
using static CXone.Benchmarks.Bench;

namespace CXone.Benchmarks;

/// <summary>
/// P8: the unattended job, soaked. 64 workers call server-time without pause for the whole run while the emulator
/// answers 5% of API requests with 503, 429 or a dropped connection (seed 11) and tokens live 20 s, so the session
/// renews every 10 s (refresh-ahead is capped at half the lifetime) under full load. Measured on the real clock:
/// failures that reached a caller, token grants against the renewal windows the run spans, and managed memory
/// after a full collection, first sample (after a warm-up) against the last.
/// </summary>
internal static class P8Soak
{
    private const int Workers = 64;
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(20);

    public static async Task<IReadOnlyList<Row>> RunAsync(BenchConfig config, CancellationToken ct)
    {
        var duration = config.Quick ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(120);
        await using var emu = await CXoneEmulator.StartAsync(new EmulatorOptions { ContactCount = 20, AgentCount = 5, AccessTokenLifetime = TokenLifetime }, ct).ConfigureAwait(false);
        using var session = await CXoneSession.ConnectAsync(SessionOptions(emu, TimeProvider.System, new CXoneHttpOptions { BaseDelay = TimeSpan.FromMilliseconds(50) }), ct).ConfigureAwait(false);
        emu.Faults.SetRandomFaultRate(0.05, seed: 11);
        var grantsBefore = Grants(emu.GetStats());
        var failures = new ConcurrentQueue<string>();
        long calls = 0;
        var memory = new List<long>();
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        var sampler = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ct).ConfigureAwait(false); // warm-up: pools, JIT, first renewal
            while (Stopwatch.GetTimestamp() < stop)
            {
                memory.Add(GC.GetTotalMemory(forceFullCollection: true));
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }

            memory.Add(GC.GetTotalMemory(forceFullCollection: true));
        }, ct);

        var started = Stopwatch.GetTimestamp();
        await RunTogetherAsync(Workers, async _ =>
        {
            while (Stopwatch.GetTimestamp() < stop)
            {
                try
                {
                    await session.Api.SendAsync(new CXoneRequest(HttpMethod.Get, CXoneSession.ServerTimePath), ct).ConfigureAwait(false);
                }
                catch (CXoneException e)
                {
                    failures.Enqueue(e.ErrorId + ": " + e.Message);
                }

                Interlocked.Increment(ref calls);
            }
        }).ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        var seconds = Ms(started, Stopwatch.GetTimestamp()) / 1000;
        var stats = emu.GetStats();
        var grants = Grants(stats) - grantsBefore;
        var windows = (int)Math.Ceiling(seconds / (TokenLifetime.TotalSeconds / 2));
        var growthKiB = (memory[memory.Count - 1] - memory[0]) / 1024.0;

        return new[]
        {
            new Row("P8", "soak " + F(seconds, "0") + " s, " + Workers + " workers, 5% faults, 20 s tokens: failures surfaced",
                failures.Count + " of " + calls + " calls" + (failures.TryPeek(out var first) ? " (first: " + first + ")" : string.Empty),
                stats.FaultsInjected + " faults injected", "-", "0", failures.IsEmpty),
            new Row("P8", "soak: token grants vs renewal windows", grants + " grants", windows + " windows", "-", "<= 1 per window", grants <= windows),
            new Row("P8", "soak: managed memory after full GC, first vs last of " + memory.Count + " samples",
                F(memory[memory.Count - 1] / 1048576.0, "0.0") + " MiB (" + (growthKiB >= 0 ? "+" : string.Empty) + F(growthKiB, "0") + " KiB)",
                F(memory[0] / 1048576.0, "0.0") + " MiB", "-", "flat (< 2 MiB growth)", growthKiB < 2048),
        };
    }
}
