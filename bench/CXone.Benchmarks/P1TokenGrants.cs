using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Http;
using CXone.Emulator;
using static CXone.Benchmarks.Bench;

namespace CXone.Benchmarks;

/// <summary>
/// P1: token grants per refresh window. 64 workers are released together after the shared manual clock moved
/// (even windows: past the token's expiry, so every caller needs a new token; odd windows: into the refresh-ahead
/// window, where the token still works). Each worker makes one server-time call with the token its cache gives it.
/// The grants are counted by the emulator. CXone's TokenCache (through <see cref="CXoneSession"/>) against a naive
/// check-then-fetch cache written here. Counts, not times: the clock is a <see cref="ManualTimeProvider"/>.
/// </summary>
internal static class P1TokenGrants
{
    public static async Task<IReadOnlyList<Row>> RunAsync(BenchConfig config, CancellationToken ct)
    {
        var (coreExpired, coreAhead) = await CoreAsync(config, ct).ConfigureAwait(false);
        var (naiveExpired, naiveAhead) = await NaiveAsync(config, ct).ConfigureAwait(false);
        var what = config.P1Workers + " workers, " + config.P1Windows / 2 + " windows";
        return new[]
        {
            GrantRow("grants per window past expiry (" + what + ")", coreExpired, naiveExpired),
            GrantRow("grants per window in refresh-ahead (" + what + ")", coreAhead, naiveAhead),
        };
    }

    private static Row GrantRow(string measure, IReadOnlyList<long> core, IReadOnlyList<long> naive)
    {
        var coreMean = core.Average();
        var naiveMean = naive.Average();
        var ratio = coreMean / naiveMean;
        return new Row(
            "P1",
            measure,
            Describe(core),
            Describe(naive) + " (naive)",
            X(ratio) + (naiveMean > coreMean ? " (" + F(naiveMean / coreMean, "0.#") + "x fewer)" : string.Empty),
            "exactly 1 per window",
            core.All(n => n == 1));
    }

    private static string Describe(IReadOnlyList<long> counts) =>
        counts.All(n => n == counts[0]) ? counts[0] + " each" : F(counts.Average(), "0.0") + " (" + counts.Min() + ".." + counts.Max() + ")";

    private static async Task<(List<long> Expired, List<long> Ahead)> CoreAsync(BenchConfig config, CancellationToken ct)
    {
        var clock = new ManualTimeProvider();
        await using var emu = await CXoneEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock, ContactCount = 20, AgentCount = 5 }, ct).ConfigureAwait(false);
        using var session = await CXoneSession.ConnectAsync(SessionOptions(emu, clock), ct).ConfigureAwait(false);
        await session.TestConnectionAsync(ct).ConfigureAwait(false);
        var expired = new List<long>();
        var ahead = new List<long>();
        var failures = new ConcurrentQueue<Exception>();
        for (var window = 0; window < config.P1Windows; window++)
        {
            var current = await session.GetTokenAsync(false, ct).ConfigureAwait(false);
            var pastExpiry = window % 2 == 0;
            var target = pastExpiry ? current.ExpiresOn + TimeSpan.FromSeconds(1) : current.RefreshOn + TimeSpan.FromSeconds(1);
            clock.Advance(target - clock.GetUtcNow());
            var before = Grants(emu.GetStats());
            await RunTogetherAsync(config.P1Workers, async _ =>
            {
                try
                {
                    await session.Api.SendAsync(new CXoneRequest(HttpMethod.Get, CXoneSession.ServerTimePath), ct).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
            }).ConfigureAwait(false);

            // In the refresh-ahead window the renewal runs behind the callers: let it land before counting.
            await WaitUntilAsync(() => session.TokenExpiresOn > current.ExpiresOn, TimeSpan.FromSeconds(30), "the session's token renewal").ConfigureAwait(false);
            (pastExpiry ? expired : ahead).Add(Grants(emu.GetStats()) - before);
        }

        ThrowIfAny(failures, "CXone session");
        return (expired, ahead);
    }

    private static async Task<(List<long> Expired, List<long> Ahead)> NaiveAsync(BenchConfig config, CancellationToken ct)
    {
        var clock = new ManualTimeProvider();
        await using var emu = await CXoneEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock, ContactCount = 20, AgentCount = 5 }, ct).ConfigureAwait(false);
        using var http = RawClient(emu.ApiBaseUri);
        var cache = new NaiveTokenCache(http, emu, clock, refreshAhead: TimeSpan.FromSeconds(300));
        var expired = new List<long>();
        var ahead = new List<long>();
        var failures = new ConcurrentQueue<Exception>();
        for (var window = 0; window < config.P1Windows; window++)
        {
            var current = await cache.GetAsync(ct).ConfigureAwait(false);
            var pastExpiry = window % 2 == 0;
            var target = pastExpiry ? current.ExpiresOn + TimeSpan.FromSeconds(1) : current.RefreshOn + TimeSpan.FromSeconds(1);
            clock.Advance(target - clock.GetUtcNow());
            var before = Grants(emu.GetStats());
            await RunTogetherAsync(config.P1Workers, async _ =>
            {
                try
                {
                    var token = await cache.GetAsync(ct).ConfigureAwait(false);
                    using var request = ServerTimeRequest(token.Value);
                    using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
            }).ConfigureAwait(false);
            (pastExpiry ? expired : ahead).Add(Grants(emu.GetStats()) - before);
        }

        ThrowIfAny(failures, "naive cache");
        return (expired, ahead);
    }

    private static void ThrowIfAny(ConcurrentQueue<Exception> failures, string who)
    {
        if (!failures.IsEmpty)
        {
            throw new InvalidOperationException(failures.Count + " worker call(s) of the " + who + " failed; first: " + failures.First().Message);
        }
    }
}

/// <summary>
/// The cache people write first: check the cached token, and if it is missing or due, fetch a new one. No
/// single-flight, so every caller that sees a stale token fetches its own. Password grant with the access key
/// (docs/cxone-api.md section 2), client authenticated with HTTP Basic. Refresh-ahead as CXone's (300 s).
/// </summary>
internal sealed class NaiveTokenCache
{
    private readonly HttpClient _http;
    private readonly CXoneEmulator _emu;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshAhead;
    private Token? _current;

    public NaiveTokenCache(HttpClient http, CXoneEmulator emu, TimeProvider time, TimeSpan refreshAhead)
    {
        _http = http;
        _emu = emu;
        _time = time;
        _refreshAhead = refreshAhead;
    }

    public async Task<Token> GetAsync(CancellationToken ct)
    {
        var current = Volatile.Read(ref _current);
        if (current != null && _time.GetUtcNow() < current.RefreshOn)
        {
            return current;
        }

        var fresh = await FetchAsync(ct).ConfigureAwait(false);
        Volatile.Write(ref _current, fresh);
        return fresh;
    }

    private async Task<Token> FetchAsync(CancellationToken ct)
    {
        var o = _emu.Options;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_emu.IssuerUri, "auth/token"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(o.ClientId) + ":" + Uri.EscapeDataString(o.ClientSecret))));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = o.AccessKeyId,
            ["password"] = o.AccessKeySecret,
        });
        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
        var expires = _time.GetUtcNow().AddSeconds(doc.RootElement.GetProperty("expires_in").GetInt32());
        return new Token(doc.RootElement.GetProperty("access_token").GetString()!, expires, expires - _refreshAhead);
    }

    internal sealed record Token(string Value, DateTimeOffset ExpiresOn, DateTimeOffset RefreshOn);
}
