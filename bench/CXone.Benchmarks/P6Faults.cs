using System;
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
/// P6: server-time calls from 16 workers, with 20 ms of server latency, while the emulator answers about 10% of
/// them with 503/429, in two modes: bursts (before every 50th logical request the next five answers are faulted:
/// three 503 without Retry-After, then two 429 with <c>Retry-After: 1</c>) and random
/// (<see cref="EmulatorFaults.SetRandomFaultRate"/> 10%, seed 7: 503, 429 with <c>Retry-After: 1</c>, or a connection
/// dropped mid-body, on any answer, retries included). Success rate = logical requests that returned 200 to the
/// caller; attempts per request = requests the emulator saw on the route / logical requests. Core runs with its
/// default 5 retries and a 100 ms backoff base (instead of 1 s, to keep the run short; Retry-After is honoured as
/// sent). The baseline is a raw HttpClient without retries, on the same faults.
/// </summary>
/// <remarks>
/// Why the 20 ms: the emulator's injected faults are "the next N answers", whenever they come. On bare loopback a
/// request takes about 0.1 ms against a 1 s Retry-After, so nearly every worker sleeps at any moment and the one or
/// two awake absorb whole bursts, retries included: one request in a few thousand then met 6 faults in a row and
/// failed after its 6 attempts. With a round trip closer to a real API's, requests overlap and a burst spreads over
/// them as it would on a real server.
/// </remarks>
internal static class P6Faults
{
    private const int BurstEvery = 50;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(20);

    public static async Task<IReadOnlyList<Row>> RunAsync(BenchConfig config, CancellationToken ct)
    {
        await using var emu = await CXoneEmulator.StartAsync(new EmulatorOptions { ContactCount = 20, AgentCount = 5 }, ct).ConfigureAwait(false);
        using var session = await CXoneSession.ConnectAsync(SessionOptions(emu, TimeProvider.System, new CXoneHttpOptions { BaseDelay = TimeSpan.FromMilliseconds(100) }), ct).ConfigureAwait(false);
        using var raw = RawClient(session.ApiEndpoint);
        var token = (await session.GetTokenAsync(false, ct).ConfigureAwait(false)).Token;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();

        async Task<bool> Core()
        {
            try
            {
                var response = await session.Api.SendAsync(new CXoneRequest(HttpMethod.Get, CXoneSession.ServerTimePath), ct).ConfigureAwait(false);
                return response.StatusCode == 200;
            }
            catch (CXoneException e)
            {
                failures.Enqueue(e.ErrorId + ": " + e.Message);
                return false;
            }
        }

        async Task<bool> Raw()
        {
            try
            {
                using var request = ServerTimeRequest(token);
                using var response = await raw.SendAsync(request, ct).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (System.IO.IOException)
            {
                return false;
            }
        }

        var rows = new List<Row>();
        foreach (var mode in new[] { "bursts", "random" })
        {
            failures.Clear();
            var core = await RunModeAsync(emu, mode, Core, config, ct).ConfigureAwait(false);
            var baseline = await RunModeAsync(emu, mode, Raw, config, ct).ConfigureAwait(false);
            var what = mode == "bursts"
                ? "bursts 3x503 + 2x429 per 50 requests"
                : "random 10% 503/429/drop (seed 7)";
            rows.Add(new Row(
                "P6",
                what + ": success rate (" + config.P6Requests + " requests, " + config.P6Workers + " workers)",
                F(core.SuccessRate * 100, "0.0") + "%" + (failures.TryPeek(out var first) ? " (first failure: " + first + ")" : string.Empty),
                F(baseline.SuccessRate * 100, "0.0") + "% (raw, no retry)",
                "-",
                "100%",
                core.SuccessRate >= 1.0));
            rows.Add(new Row(
                "P6",
                what + ": attempts per request",
                F(core.AttemptsPerRequest, "0.000") + " (" + core.Faults + " faults, " + F(core.Seconds, "0.0") + " s)",
                F(baseline.AttemptsPerRequest, "0.000") + " (raw, " + baseline.Faults + " faults)",
                "-",
                "<= 1.15",
                core.AttemptsPerRequest <= 1.15));
        }

        return rows;
    }

    private static async Task<(double SuccessRate, double AttemptsPerRequest, long Faults, double Seconds)> RunModeAsync(
        CXoneEmulator emu, string mode, Func<Task<bool>> call, BenchConfig config, CancellationToken ct)
    {
        emu.Reset();
        emu.Faults.SetLatency(Latency, Routes.ServerTime);

        if (mode == "random")
        {
            emu.Faults.SetRandomFaultRate(0.10, seed: 7);
        }

        var next = -1;
        var ok = 0;
        var start = Stopwatch.GetTimestamp();
        await RunTogetherAsync(config.P6Workers, async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < config.P6Requests)
            {
                if (mode == "bursts" && i % BurstEvery == 0)
                {
                    emu.Faults.Next(Routes.ServerTime, FaultKind.ServiceUnavailable, 3, RetryAfterMode.None);
                    emu.Faults.Next(Routes.ServerTime, FaultKind.TooManyRequests, 2, RetryAfterMode.Seconds, 1);
                }

                if (await call().ConfigureAwait(false))
                {
                    Interlocked.Increment(ref ok);
                }
            }
        }).ConfigureAwait(false);
        var seconds = Ms(start, Stopwatch.GetTimestamp()) / 1000;
        var stats = emu.GetStats();
        emu.Faults.Clear();
        var n = (double)config.P6Requests;
        return (ok / n, stats.Requests(Routes.ServerTime) / n, stats.FaultsInjected, seconds);
    }
}
