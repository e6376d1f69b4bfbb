using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Api;
using CXone.Core.Http;
using CXone.Emulator;
using static CXone.Benchmarks.Bench;

namespace CXone.Benchmarks;

/// <summary>
/// P2: the cost of Core's pipeline on one cheap route, <c>GET inContactAPI/services/v30.0/server-time</c>:
/// <c>session.Api.SendAsync</c> (CXoneApiClient over resilience -> bearer token -> transport) next to a raw HttpClient
/// sending the same request with the same bearer token. The raw side does the work a caller needs too: status
/// check, read the body, parse the JSON. A third side, <c>session.ApiHttp</c> (the handler chain without
/// CXoneApiClient, same body read and parse as raw), splits Core's overhead between handlers and API client.
/// Latency: sequential requests in rounds that rotate which side goes first; median per request over all rounds.
/// Throughput: 16 workers, rounds rotating the order; median of the per-round rates.
/// </summary>
internal static class P2RequestLatency
{
    public static async Task<IReadOnlyList<Row>> RunAsync(BenchConfig config, CancellationToken ct)
    {
        await using var emu = await CXoneEmulator.StartAsync(new EmulatorOptions { ContactCount = 20, AgentCount = 5 }, ct).ConfigureAwait(false);
        using var session = await CXoneSession.ConnectAsync(SessionOptions(emu, TimeProvider.System), ct).ConfigureAwait(false);
        using var raw = RawClient(session.ApiEndpoint);
        var token = (await session.GetTokenAsync(false, ct).ConfigureAwait(false)).Token;

        async Task Core()
        {
            var response = await session.Api.SendAsync(new CXoneRequest(HttpMethod.Get, CXoneSession.ServerTimePath), ct).ConfigureAwait(false);
            if (response.StatusCode != 200 || response.Json is null)
            {
                throw new InvalidOperationException("Core: server-time answered " + response.StatusCode);
            }
        }

        async Task Handlers()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, CXoneSession.ServerTimePath);
            using var response = await session.ApiHttp.SendAsync(request, ct).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
        }

        async Task Raw()
        {
            using var request = ServerTimeRequest(token);
            using var response = await raw.SendAsync(request, ct).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
        }

        var sides = new (string Name, Func<Task> Call)[] { ("core", Core), ("handlers", Handlers), ("raw", Raw) };

        // Warm-up long enough, in calls and in time, for tiered compilation to promote the hot paths of both sides
        // and of the emulator (call counting starts after 100 ms; dynamic PGO adds an instrumented tier).
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < config.P2Warmup || warm.Elapsed < config.P2WarmupTime; i++)
        {
            foreach (var side in sides)
            {
                await side.Call().ConfigureAwait(false);
            }
        }

        var latency = sides.ToDictionary(s => s.Name, _ => new List<double>());
        for (var round = 0; round < config.P2Rounds; round++)
        {
            foreach (var side in Rotate(sides, round))
            {
                for (var i = 0; i < config.P2PerRound; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await side.Call().ConfigureAwait(false);
                    latency[side.Name].Add(Ms(start, Stopwatch.GetTimestamp()));
                }
            }
        }

        if (config.P2LatencyChild)
        {
            // A fresh process asked only for the judged figures (see ProcessRunsAsync): loopback latency, own cost.
            var mine = await P2OwnCost.MeasureAsync(config, ct).ConfigureAwait(false);
            Console.WriteLine(ChildLinePrefix + F(Median(latency["core"]), "0.000") + " " + F(Median(latency["raw"]), "0.000") + " " + mine.ToLine());
            return Array.Empty<Row>();
        }

        // Managed allocation per request (process-wide, so the in-process emulator's share is in every side).
        var allocated = new Dictionary<string, double>();
        foreach (var side in sides)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < config.P2PerRound; i++)
            {
                await side.Call().ConfigureAwait(false);
            }

            allocated[side.Name] = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)config.P2PerRound;
        }

        var rates = sides.ToDictionary(s => s.Name, _ => new List<double>());
        for (var round = 0; round < config.P2ThroughputRounds; round++)
        {
            foreach (var side in Rotate(sides, round))
            {
                var ms = await ThroughputAsync(side.Call, config.P2ThroughputRequests, config.P2ThroughputWorkers).ConfigureAwait(false);
                rates[side.Name].Add(config.P2ThroughputRequests / (ms / 1000));
            }
        }

        // Context 1: the same sequential latency with 2 ms of server latency, a stand-in for a real network path
        // (a CXone API call from a customer's network is tens of milliseconds away, not 50 us of loopback).
        emu.Faults.SetLatency(TimeSpan.FromMilliseconds(2), Routes.ServerTime);
        var slow = new Dictionary<string, List<double>> { ["core"] = new List<double>(), ["raw"] = new List<double>() };
        var slowSides = sides.Where(s => slow.ContainsKey(s.Name)).ToArray();
        for (var round = 0; round < config.P2Rounds; round++)
        {
            foreach (var side in Rotate(slowSides, round))
            {
                for (var i = 0; i < config.P2SlowPerRound; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await side.Call().ConfigureAwait(false);
                    slow[side.Name].Add(Ms(start, Stopwatch.GetTimestamp()));
                }
            }
        }

        emu.Faults.SetLatency(TimeSpan.Zero, Routes.ServerTime);

        // Context 2: Core's own cost per call, without any network: the same chain and API client over an
        // in-memory transport that answers at once, next to a plain HttpClient over that transport.
        var own = await P2OwnCost.MeasureAsync(config, ct).ConfigureAwait(false);

        // Both figures move from process to process (each process's tiered compilation with dynamic PGO settles
        // differently, for Core and for raw): measure them again in fresh processes and take the median of all.
        var ratios = new List<double> { Median(latency["core"]) / Median(latency["raw"]) };
        var owns = new List<P2OwnCost.Cost> { own };
        foreach (var (ratio, cost) in await ProcessRunsAsync(config.P2Processes - 1, ct).ConfigureAwait(false))
        {
            ratios.Add(ratio);
            owns.Add(cost);
        }

        double Med(string side) => Median(latency[side]);
        double P90(string side) => Percentile(latency[side], 0.9);
        double Rate(string side) => Median(rates[side]);
        string Us(double ms) => F(ms * 1000, "0") + " us";
        string KiB(double bytes) => F(bytes / 1024, "0.0") + " KiB";
        var n = latency["core"].Count;
        return new[]
        {
            P2OwnCost.GoalRow(owns),
            new Row(
                "P2",
                "loopback latency ratio, server-time, median of " + ratios.Count + " processes (range " + X(ratios.Min()) + " .. " + X(ratios.Max()) + "; information)",
                "-",
                "- (raw)",
                X(Median(ratios)),
                "-",
                null),
            new Row("P2", "median latency, server-time (" + n + " sequential each, this process)", Us(Med("core")), Us(Med("raw")) + " (raw)", X(Med("core") / Med("raw")), "-", null),
            new Row("P2", "p90 latency, server-time", Us(P90("core")), Us(P90("raw")) + " (raw)", X(P90("core") / P90("raw")), "-", null),
            new Row("P2", "median latency, handler chain only (session.ApiHttp)", Us(Med("handlers")), Us(Med("raw")) + " (raw)", X(Med("handlers") / Med("raw")), "-", null),
            new Row("P2", "managed allocation per request (incl. the emulator's)", KiB(allocated["core"]), KiB(allocated["raw"]) + " (raw)", X(allocated["core"] / allocated["raw"]), "-", null),
            new Row("P2", "median latency with 2 ms server latency (" + slow["core"].Count + " sequential each)", Us(Median(slow["core"])), Us(Median(slow["raw"])) + " (raw)", X(Median(slow["core"]) / Median(slow["raw"])), "-", null),
            new Row("P2", "Core's own cost per call, in-memory transport, this process", F(own.CoreUs, "0.0") + " us, " + KiB(own.CoreBytes), F(own.RawUs, "0.0") + " us, " + KiB(own.RawBytes) + " (raw)", "+" + F(own.CoreUs - own.RawUs, "0.0") + " us, +" + KiB(own.CoreBytes - own.RawBytes), "-", null),
            new Row(
                "P2",
                "throughput, " + config.P2ThroughputWorkers + " workers (median of " + config.P2ThroughputRounds + " rounds of " + config.P2ThroughputRequests + ")",
                F(Rate("core"), "0") + " req/s",
                F(Rate("raw"), "0") + " req/s (raw)",
                X(Rate("core") / Rate("raw")),
                "-",
                null),
        };
    }

    private const string ChildLinePrefix = "p2-latency-ms ";

    /// <summary>
    /// Runs this benchmark's headline latency measurement in <paramref name="count"/> fresh processes, one after
    /// the other (<c>--p2-latency-child</c>), and returns each one's Core/raw median latency ratio and Core's own cost.
    /// </summary>
    private static async Task<IReadOnlyList<(double Ratio, P2OwnCost.Cost Own)>> ProcessRunsAsync(int count, CancellationToken ct)
    {
        var ratios = new List<(double, P2OwnCost.Cost)>();
        var dll = typeof(P2RequestLatency).Assembly.Location;
        var host = Environment.ProcessPath ?? "dotnet";
        var viaDotnet = Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (viaDotnet)
            {
                psi.ArgumentList.Add(dll);
            }

            psi.ArgumentList.Add("--p2-latency-child");
            using var child = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + host);
            var stderr = child.StandardError.ReadToEndAsync(ct);
            var stdout = await child.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
            await child.WaitForExitAsync(ct).ConfigureAwait(false);
            var line = stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(ChildLinePrefix, StringComparison.Ordinal));
            if (child.ExitCode != 0 || line is null)
            {
                throw new InvalidOperationException("P2 child process " + (i + 1) + " failed (exit " + child.ExitCode + "): " + (await stderr.ConfigureAwait(false)).Trim());
            }

            var parts = line.Substring(ChildLinePrefix.Length).Split(' ');
            ratios.Add((double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture), P2OwnCost.Cost.Parse(parts.Skip(2))));
        }

        return ratios;
    }

    private static IEnumerable<T> Rotate<T>(IReadOnlyList<T> items, int by) => Enumerable.Range(0, items.Count).Select(i => items[(i + by) % items.Count]);

    private static async Task<double> ThroughputAsync(Func<Task> call, int count, int workers)
    {
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        await RunTogetherAsync(workers, async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                await call().ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return Ms(start, Stopwatch.GetTimestamp());
    }
}
