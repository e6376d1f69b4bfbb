using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Benchmarks;

/// <summary>
/// The benchmark harness: CXone.Core next to raw HttpClient (or a naive cache) against the
/// in-process emulator, printed as one table of ratios.
/// </summary>
/// <remarks>
/// A hand-written Stopwatch harness (warm-up, alternating rounds, medians), not BenchmarkDotNet: the scenarios are
/// HTTP round trips against an emulator started in this process, counts on a manual clock (P1), multi-second file
/// downloads (P3, P4) and fault runs (P6). BenchmarkDotNet's process-per-benchmark, many-iteration model fits none of
/// them, would not let Core and its baseline share one emulator, and could not give a <c>--quick</c> run of well under
/// a minute. Every figure is a ratio of two sides measured the same way in the same run; nothing asserts a time.
/// </remarks>
internal static class Program
{
    private static readonly string[] AllScenarios = { "P1", "P2", "P3", "P4", "P6", "P7", "P8" };

    private static async Task<int> Main(string[] args)
    {
        var quick = false;
        string? markdown = null;
        var only = new HashSet<string>(AllScenarios, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--markdown" when i + 1 < args.Length:
                    markdown = args[++i];
                    break;
                case "--only" when i + 1 < args.Length:
                    only = new HashSet<string>(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
                    if (only.Any(s => !AllScenarios.Contains(s, StringComparer.OrdinalIgnoreCase)))
                    {
                        return Usage("--only takes a comma-separated list of " + string.Join(", ", AllScenarios) + ".");
                    }

                    break;
                case "--p2-latency-child":
                    // Internal: started by P2 to measure its headline latency again in a fresh process.
                    return await P2ChildAsync().ConfigureAwait(false);
                case "-h":
                case "--help":
                    return Usage(null);
                default:
                    return Usage("Unknown argument '" + args[i] + "'.");
            }
        }

        var config = new BenchConfig { Quick = quick };
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        var header = Header(config, only);
        foreach (var line in header)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine();
        var rows = new List<Row>();
        var failures = new List<string>();
        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(config.Scratch);
        try
        {
            foreach (var (id, run) in Scenarios())
            {
                if (!only.Contains(id))
                {
                    continue;
                }

                var sw = Stopwatch.StartNew();
                Console.Error.Write(id + " ... ");
                try
                {
                    rows.AddRange(await run(config, cts.Token).ConfigureAwait(false));
                    Console.Error.WriteLine(Bench.F(sw.Elapsed.TotalSeconds, "0.0") + " s");
                }
                catch (Exception e) when (e is not OperationCanceledException || !cts.IsCancellationRequested)
                {
                    Console.Error.WriteLine("FAILED after " + Bench.F(sw.Elapsed.TotalSeconds, "0.0") + " s");
                    failures.Add(id + ": " + e.GetType().Name + ": " + e.Message);
                    rows.Add(new Row(id, "did not run: " + e.GetType().Name, "-", "-", "-", "-", null));
                }
            }
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        finally
        {
            Bench.TryDeleteDirectory(config.Scratch);
        }

        var table = Table(rows);
        var notes = Notes(config, total.Elapsed);
        foreach (var line in table.Concat(new[] { string.Empty }).Concat(notes))
        {
            Console.WriteLine(line);
        }

        if (markdown != null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(markdown));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            File.WriteAllLines(markdown, header.Concat(new[] { string.Empty }).Concat(table).Concat(new[] { string.Empty }).Concat(notes), new UTF8Encoding(false));
            Console.WriteLine();
            Console.WriteLine("markdown written to " + markdown);
        }

        foreach (var f in failures)
        {
            Console.Error.WriteLine("benchmark failed: " + f);
        }

        // The exit code says whether every scenario ran, never whether a goal was met.
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task<int> P2ChildAsync()
    {
        await P2RequestLatency.RunAsync(new BenchConfig { P2LatencyChild = true }, CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    private static IEnumerable<(string Id, Func<BenchConfig, CancellationToken, Task<IReadOnlyList<Row>>> Run)> Scenarios()
    {
        yield return ("P1", P1TokenGrants.RunAsync);
        yield return ("P2", P2RequestLatency.RunAsync);
        yield return ("P3", P3LargeDownload.RunAsync);
        yield return ("P4", P4BulkDownload.RunAsync);
        yield return ("P6", P6Faults.RunAsync);
        yield return ("P7", P7ExportAtLimit.RunAsync);
        yield return ("P8", P8Soak.RunAsync);
    }

    private static int Usage(string? error)
    {
        var w = error is null ? Console.Out : Console.Error;
        if (error != null)
        {
            w.WriteLine(error);
        }

        w.WriteLine("usage: dotnet run -c Release --project bench/CXone.Benchmarks -- [--quick] [--markdown PATH] [--only P1,P2,P3,P4,P6,P7,P8]");
        w.WriteLine("  --quick          reduced sizes (smoke run for CI, well under a minute); goals are not judged on it");
        w.WriteLine("  --markdown PATH  also write the header, table and notes as markdown (for bench/RESULTS.md)");
        w.WriteLine("  --only LIST      run only these scenarios");
        return error is null ? 0 : 2;
    }

    private static List<string> Header(BenchConfig config, HashSet<string> only)
    {
        var lines = new List<string>
        {
            "# CXone benchmarks: Core vs raw HttpClient on the in-process emulator",
            string.Empty,
            "- date (UTC): " + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "- mode: " + (config.Quick ? "quick (reduced sizes: a smoke run, its numbers are not judged)" : "full") +
                (only.Count < AllScenarios.Length ? "; only " + string.Join(",", AllScenarios.Where(only.Contains)) : string.Empty),
            "- machine: " + Environment.ProcessorCount + " logical cores, " + RuntimeInformation.OSDescription + ", " + RuntimeInformation.OSArchitecture +
                (Cpu() is { } cpu ? ", " + cpu : string.Empty),
            "- runtime: " + RuntimeInformation.FrameworkDescription + ", " + (GCSettings.IsServerGC ? "server" : "workstation") + " GC" +
                (GCSettings.LatencyMode == GCLatencyMode.Interactive ? " (concurrent)" : string.Empty) +
#if DEBUG
                ", DEBUG build (use -c Release)",
#else
                ", Release build",
#endif
        };
        if (LoadAverage() is { } load)
        {
            lines.Add("- load average at start: " + load + " (other processes share these cores)");
        }

        return lines;
    }

    private static List<string> Table(IReadOnlyList<Row> rows)
    {
        var lines = new List<string>
        {
            "| id | measure | CXone Core | baseline | ratio (Core / baseline) | goal | meets |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        };
        foreach (var r in rows)
        {
            lines.Add("| " + string.Join(" | ", r.Id, r.Measure, r.Core, r.Baseline, r.Ratio, r.Goal, r.Meets switch { true => "yes", false => "NO", null => "" }) + " |");
        }

        return lines;
    }

    private static List<string> Notes(BenchConfig config, TimeSpan elapsed) => new()
    {
        "Notes:",
        "- Harness: hand-written Stopwatch harness (warm-up, alternating rounds, medians), not BenchmarkDotNet; Core and its baseline share one emulator per scenario and the same transport type (HttpClientHandler).",
        "- P1: one ManualTimeProvider shared by the emulator and the client; " + config.P1Workers + " workers released together per window, each makes one server-time call; grants counted by the emulator (password + refresh_token). Naive = check-then-fetch without single-flight, same 300 s refresh-ahead.",
        "- P2: the goal is judged on Core's own cost per call: the session's API chain and CXoneApiClient over an in-memory transport that answers at once, next to a plain HttpClient over it (request, body read, JSON parse), as the median of the differences in " + config.P2Processes + " process(es) (this one and " + (config.P2Processes - 1) + " fresh one(s), one after the other); goal at most 2 us and 3 KiB above raw. "
            + "The loopback rows are information: raw = HttpClient GET with the session's bearer token and Accept: application/json, status check, body read and JSON parse (what Core's SendAsync returns); a loopback round trip is about 70 us and its ratio moves from process to process (tiered compilation with dynamic PGO, for both sides and the in-process emulator) by more than Core's own cost. "
            + "'2 ms server latency' adds that much on the emulator (its timer makes it about 4 ms): a stand-in for a real network path. "
            + "Against a real CXone endpoint, tens of milliseconds away, only the own cost is left of the difference.",
        "- P3: judged against raw copy + SHA-256 (goal >= 0.95x), since Core hashes every saved file; the plain copy is information. Core also hashes SHA-256 and checks Content-Length while streaming (the next read overlaps writing and hashing the chunk before); raw+sha shows the hash's share: on 2 cores that also run the emulator, which generates the bytes, SHA-256 of every byte is the difference to a plain copy. Memory figures are process-wide, so the in-process emulator's own allocations (it generates the bytes) are in every side's numbers.",
        "- P4: DownloadManyAsync by contact id (lookup + download, 256 KiB each); media playback rate limit raised on the emulator (1,000,000 per window) and client limiter off (MediaPlaybackPermits = 0) so the limiter is not what is measured.",
        "- P6: 20 ms server latency on server-time; bursts = before every 50th request the next 5 answers are faulted (3x 503 without Retry-After, 2x 429 with Retry-After: 1); random = 10% of all answers 503, 429 or a dropped connection (seed 7). Core with its default 5 retries, backoff base 100 ms (default 1 s); raw = no retries. Attempts per request = requests the emulator saw on the route / logical requests.",
        "- P7: one ManualTimeProvider shared by the emulator and the session; the emulator counts media playback lookups in fixed 5-minute windows that began 137 s before the client's first lookup; the client's limiter at its default (150 per 5 minutes); DownloadManyAsync by contact id, ThrottleLimit 16, 8 KiB recordings, over " + (config.Quick ? "15 simulated minutes" : "one simulated hour") + ": whenever all 16 workers wait on the limiter the clock jumps to the first wake-up (nothing sleeps on the real clock). Lookups = media playback answers 200 the emulator sent before the span ended; the limit = server limit x windows in the span. The smaller-quota run gives the tenant 100 per 5 minutes: the client lowers its limit to what the server accepted before the first 429 and waits for Retry-After.",
        "- P8: soak on the real clock (" + (config.Quick ? "15" : "120") + " s): 64 workers call server-time without pause, 5% of API answers are 503, 429 or a dropped connection (seed 11), tokens live 20 s so the session renews every 10 s under load; backoff base 50 ms. Windows = run time / 10 s. Memory = GC.GetTotalMemory after a full collection every 2 s after a 3 s warm-up, last sample against the first.",
        "- Ratios only; the exit code says whether every scenario ran, not whether a goal was met. Wall time of this run: " + Bench.F(elapsed.TotalSeconds, "0") + " s.",
    };

    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? Cpu()
    {
        try
        {
            if (!File.Exists("/proc/cpuinfo"))
            {
                return null;
            }

            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Substring(line.IndexOf(':') + 1).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
