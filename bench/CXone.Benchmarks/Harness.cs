using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Auth;
using CXone.Core.Http;
using CXone.Emulator;

namespace CXone.Benchmarks;

/// <summary>Sizes of one run: <c>--quick</c> shrinks them so CI can smoke-test the harness in well under a minute.</summary>
internal sealed class BenchConfig
{
    public bool Quick { get; init; }

    /// <summary>P1: workers released together per window, and windows (half past expiry, half in the refresh-ahead window).</summary>
    public int P1Workers => 64;

    public int P1Windows => 10;

    /// <summary>P2: sequential latency samples per side (rounds x per round), warm-up, and throughput rounds x requests per side.</summary>
    public int P2Rounds => Quick ? 4 : 10;

    public int P2PerRound => Quick ? 50 : 200;

    public int P2Warmup => Quick ? 100 : 10000;

    /// <summary>P2: least warm-up time. Both sides and the in-process emulator need seconds of calls before tiered
    /// compilation (with dynamic PGO) settles: after 0.5 s the raw side alone still ran at twice its settled latency.</summary>
    public TimeSpan P2WarmupTime => Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(4);

    /// <summary>P2 context: sequential samples per side per round with 2 ms of server latency, and calls for Core's own cost.</summary>
    public int P2SlowPerRound => Quick ? 10 : 50;

    public int P2OwnCalls => Quick ? 20000 : 200000;

    /// <summary>P2: processes whose median latency ratio is measured (this one and fresh ones); the goal is judged on their median.</summary>
    public int P2Processes => Quick ? 1 : 5;

    /// <summary>P2 in a fresh process started by the parent run: the headline latency only, printed as one line.</summary>
    public bool P2LatencyChild { get; init; }

    public int P2ThroughputRounds => Quick ? 2 : 6;

    public int P2ThroughputRequests => Quick ? 200 : 1000;

    public int P2ThroughputWorkers => 16;

    /// <summary>P3: size of the large recording and how many rounds of (raw, raw + SHA-256, Core).</summary>
    public long P3Bytes => Quick ? 64L << 20 : 1L << 30;

    public int P3Rounds => Quick ? 1 : 3;

    /// <summary>P4: recordings, and the added server latency on media playback and storage.</summary>
    public int P4Recordings => Quick ? 100 : 1000;

    public TimeSpan P4Latency => TimeSpan.FromMilliseconds(20);

    /// <summary>P7: simulated time of the export at the media playback limit (on the manual clock).</summary>
    public TimeSpan P7Span => Quick ? TimeSpan.FromMinutes(15) : TimeSpan.FromHours(1);

    /// <summary>P6: logical requests per client and per fault mode.</summary>
    public int P6Requests => Quick ? 200 : 1000;

    public int P6Workers => 16;

    /// <summary>Scratch folder for downloads (deleted at the end).</summary>
    public string Scratch { get; } = Path.Combine(Path.GetTempPath(), "cxone-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
}

/// <summary>One line of the result table. Ratio is always CXone Core divided by the baseline unless the row says otherwise.</summary>
internal sealed record Row(string Id, string Measure, string Core, string Baseline, string Ratio, string Goal, bool? Meets);

/// <summary>Emulator route keys (docs/architecture.md, "Emulator contract").</summary>
internal static class Routes
{
    public const string Token = "POST /auth/token";
    public const string ServerTime = "GET /inContactAPI/services/{version}/server-time";
    public const string MediaContacts = "GET /media-playback/v1/contacts";
    public const string Storage = "GET /storage/{fileId}";
}

/// <summary>Small helpers shared by the scenarios.</summary>
internal static class Bench
{
    public static CXoneSessionOptions SessionOptions(CXoneEmulator emu, TimeProvider time, CXoneHttpOptions? http = null)
    {
        var o = emu.Options;
        return new CXoneSessionOptions
        {
            Issuer = emu.IssuerUri,
            ClientId = o.ClientId,
            ClientSecret = o.ClientSecret,
            Credential = new AccessKeyCredential(o.AccessKeyId, o.AccessKeySecret),
            TimeProvider = time,
            Http = http ?? new CXoneHttpOptions(),
            // Each scenario has its own emulator (own port): do not share discovery answers across them.
            DiscoveryCache = new CXoneDiscoveryCache(),
        };
    }

    /// <summary>A plain HttpClient over the same kind of transport the session uses by default (HttpClientHandler).</summary>
    public static HttpClient RawClient(Uri? baseAddress = null)
    {
        var http = new HttpClient(new HttpClientHandler()) { Timeout = TimeSpan.FromMinutes(5) };
        if (baseAddress != null)
        {
            http.BaseAddress = baseAddress;
        }

        return http;
    }

    /// <summary>The same GET Core sends for server-time: bearer token and <c>Accept: application/json</c>.</summary>
    public static HttpRequestMessage ServerTimeRequest(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, CXoneSession.ServerTimePath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    public static long Grants(EmulatorStats s) => s.GrantCounts.Values.Sum();

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    public static double Ms(long fromTimestamp, long toTimestamp) => (toTimestamp - fromTimestamp) * 1000.0 / Stopwatch.Frequency;

    /// <summary>Runs <paramref name="count"/> copies of <paramref name="work"/> released together (one start gate), on the thread pool.</summary>
    public static async Task RunTogetherAsync(int count, Func<int, Task> work)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task.ConfigureAwait(false);
            await work(i).ConfigureAwait(false);
        })).ToArray();
        gate.SetResult();
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Waits on the real clock (polling) for something that happens in the background, failing after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout)
            {
                throw new TimeoutException("Timed out waiting for " + what + ".");
            }

            await Task.Delay(2).ConfigureAwait(false);
        }
    }

    public static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string X(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "n/a" : F(ratio, ratio >= 100 ? "0" : ratio >= 10 ? "0.0" : "0.00") + "x";

    public static string MiB(double bytes) => F(bytes / (1024.0 * 1024.0), "0.0") + " MiB";

    public static string MiBps(double bytes, double ms) => F(bytes / (1024.0 * 1024.0) / (ms / 1000.0), "0") + " MiB/s";

    public static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>
/// Samples the managed heap (<see cref="GC.GetTotalMemory(bool)"/> without collecting) and the working set every few
/// milliseconds on its own thread, so a download's peak is seen; allocation is read with <see cref="GC.GetTotalAllocatedBytes(bool)"/>.
/// Everything is process-wide: the in-process emulator's own allocations are included (for Core and the raw baseline alike).
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private readonly long _heapBefore;
    private readonly long _allocatedBefore;
    private readonly long _workingSetBefore;
    private volatile bool _stop;
    private long _peakHeap;
    private long _peakWorkingSet;

    private MemorySampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        _allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        _workingSetBefore = Environment.WorkingSet;
        _peakHeap = _heapBefore;
        _peakWorkingSet = _workingSetBefore;
        _thread = new Thread(Loop) { IsBackground = true, Name = "bench memory sampler" };
        _thread.Start();
    }

    public static MemorySampler Start() => new();

    /// <summary>Peak managed heap minus the heap after a full collection before the start.</summary>
    public long HeapGrowth { get; private set; }

    /// <summary>Bytes allocated on the managed heap while running.</summary>
    public long Allocated { get; private set; }

    /// <summary>Peak working set minus the working set at the start.</summary>
    public long WorkingSetGrowth { get; private set; }

    public void Stop()
    {
        if (_stop)
        {
            return;
        }

        Sample();
        _stop = true;
        _thread.Join();
        HeapGrowth = Math.Max(0, Interlocked.Read(ref _peakHeap) - _heapBefore);
        Allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedBefore;
        WorkingSetGrowth = Math.Max(0, Interlocked.Read(ref _peakWorkingSet) - _workingSetBefore);
    }

    public void Dispose() => Stop();

    private void Loop()
    {
        while (!_stop)
        {
            Sample();
            Thread.Sleep(5);
        }
    }

    private void Sample()
    {
        Max(ref _peakHeap, GC.GetTotalMemory(forceFullCollection: false));
        Max(ref _peakWorkingSet, Environment.WorkingSet);
    }

    private static void Max(ref long field, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref field)) && Interlocked.CompareExchange(ref field, value, seen) != seen)
        {
        }
    }
}
