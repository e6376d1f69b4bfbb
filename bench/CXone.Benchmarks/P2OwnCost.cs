using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Api;
using CXone.Core.Http;
using static CXone.Benchmarks.Bench;

namespace CXone.Benchmarks;

/// <summary>
/// P2's judged figure: Core's own cost per call, without any network. The session's API chain and CXoneApiClient
/// over an in-memory transport that answers at once, next to a plain HttpClient over the same transport that
/// sends the request and parses the JSON: the CPU time and managed allocation Core adds to every call. Goal: at
/// most 2 us and 3 KiB above raw, on the median of 5 processes (this one and 4 fresh ones). The loopback latency
/// ratio is information only: a loopback round trip is about 70 us and moves by more than the difference.
/// </summary>
internal static class P2OwnCost
{
    /// <summary>Most microseconds per call Core may add to raw.</summary>
    public const double GoalUs = 2.0;

    /// <summary>Most bytes per call Core may allocate above raw.</summary>
    public const double GoalBytes = 3 * 1024;

    /// <summary>The goal row: medians of the per-process differences (microseconds and bytes separately).</summary>
    public static Row GoalRow(IReadOnlyList<Cost> runs)
    {
        var us = Median(runs.Select(r => r.CoreUs - r.RawUs).ToList());
        var bytes = Median(runs.Select(r => r.CoreBytes - r.RawBytes).ToList());
        var usRange = F(runs.Min(r => r.CoreUs - r.RawUs), "0.0") + " .. " + F(runs.Max(r => r.CoreUs - r.RawUs), "0.0") + " us";
        return new Row(
            "P2",
            "Core's own cost per call above raw, in-memory transport, median of " + runs.Count + " processes (range " + usRange + ")",
            "+" + F(us, "0.0") + " us, +" + F(bytes / 1024, "0.0") + " KiB",
            F(Median(runs.Select(r => r.RawUs).ToList()), "0.0") + " us, " + F(Median(runs.Select(r => r.RawBytes).ToList()) / 1024, "0.0") + " KiB (raw)",
            "-",
            "<= +2 us and <= +3 KiB",
            us <= GoalUs && bytes <= GoalBytes);
    }

    /// <summary>Microseconds and bytes allocated per call: CXoneApiClient over Core's API chain vs HttpClient, both over <see cref="CannedTransport"/>.</summary>
    public static async Task<Cost> MeasureAsync(BenchConfig config, CancellationToken ct)
    {
        var endpoint = new Uri("http://127.0.0.1:9/");
        var options = new CXoneHttpOptions();
        using var raw = new HttpClient(new CannedTransport()) { BaseAddress = endpoint };
        using var chain = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateApiHandler(new FixedToken(), options, TimeProvider.System, new CannedTransport()), endpoint);
        var api = new CXoneApiClient(chain, endpoint, options);

        async Task Core() => await api.SendAsync(new CXoneRequest(HttpMethod.Get, CXoneSession.ServerTimePath), ct).ConfigureAwait(false);

        async Task Raw()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, CXoneSession.ServerTimePath);
            using var response = await raw.SendAsync(request, ct).ConfigureAwait(false);
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
        }

        async Task<(double Us, double Bytes)> Measure(Func<Task> call)
        {
            for (var i = 0; i < config.P2OwnCalls; i++)
            {
                await call().ConfigureAwait(false);
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < config.P2OwnCalls; i++)
            {
                await call().ConfigureAwait(false);
            }

            var us = Ms(start, Stopwatch.GetTimestamp()) * 1000 / config.P2OwnCalls;
            return (us, (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)config.P2OwnCalls);
        }

        var rawCost = await Measure(Raw).ConfigureAwait(false);
        var coreCost = await Measure(Core).ConfigureAwait(false);
        rawCost = await Measure(Raw).ConfigureAwait(false);
        return new Cost(coreCost.Us, coreCost.Bytes, rawCost.Us, rawCost.Bytes);
    }

    /// <summary>Answers every request at once with the server-time JSON: no socket, no server.</summary>
    private sealed class CannedTransport : HttpMessageHandler
    {
        private static readonly byte[] Body = System.Text.Encoding.UTF8.GetBytes("{\"ServerTime\":\"2026-11-21T10:00:00.000Z\"}");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(Body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { RequestMessage = request, Content = content });
        }
    }

    /// <summary>A token provider that always has the same valid token (the token cache is P1's subject).</summary>
    private sealed class FixedToken : CXone.Core.Auth.ITokenProvider
    {
        private readonly CXone.Core.Auth.AccessToken _token = new("bench.token.value", "Bearer", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddMinutes(55));

        public Task<CXone.Core.Auth.AccessToken> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult(_token);

        public void Invalidate(CXone.Core.Auth.AccessToken rejected)
        {
        }
    }

    /// <summary>One process's figures: microseconds and bytes per call, Core and raw.</summary>
    public sealed record Cost(double CoreUs, double CoreBytes, double RawUs, double RawBytes)
    {
        /// <summary>The four numbers as a child process prints them.</summary>
        public string ToLine() => string.Join(" ", new[] { CoreUs, CoreBytes, RawUs, RawBytes }.Select(v => F(v, "0.000")));

        public static Cost Parse(IEnumerable<string> parts)
        {
            var v = parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            return new Cost(v[0], v[1], v[2], v[3]);
        }
    }
}
