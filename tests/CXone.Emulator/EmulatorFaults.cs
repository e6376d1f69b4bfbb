using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace CXone.Emulator;

/// <summary>An injected answer.</summary>
public enum FaultKind
{
    /// <summary>503 Service Unavailable (JSON "503").</summary>
    ServiceUnavailable,

    /// <summary>429 Too Many Requests with <c>{message, route}</c> (JSON "429").</summary>
    TooManyRequests,

    /// <summary>502 with an HTML page, as a gateway would send (JSON "html502").</summary>
    Html502,

    /// <summary>200 with a body that is not valid JSON (JSON "malformedJson").</summary>
    MalformedJson,

    /// <summary>Part of the body is written and flushed, then the connection is aborted (JSON "dropConnection"). On storage, after about half of the bytes.</summary>
    DropConnection,

    /// <summary>401 as for a rejected token (JSON "401").</summary>
    Unauthorized,

    /// <summary>
    /// 400 whose JSON <c>message</c> and <c>icStatusDescription</c>-free body try to attack the terminal that shows
    /// them: CR/LF with a forged "WARNING:" line, ANSI clear-screen, an OSC set-title, a C1 CSI, and 100 KB of padding
    /// (JSON "hostileText").
    /// </summary>
    HostileText,

    /// <summary>
    /// Nothing is sent, not even headers, until the client gives up (JSON "hang"): a server that accepted the request
    /// and stalled. Unlike added latency it applies to exactly the requests it is planned for, so a test can hold
    /// the first attempt and let the retry through without racing the server.
    /// </summary>
    Hang,

    /// <summary>
    /// A redirect (JSON "redirect"): status <see cref="FaultRequest.RedirectStatus"/> (default 302) with
    /// <c>Location</c> = <see cref="FaultRequest.Target"/>, for example another emulator's address, to prove the
    /// client does not follow it with its credentials.
    /// </summary>
    Redirect,
}

/// <summary>The body of <c>POST /_emulator/faults</c>: every field present is applied (docs/architecture.md).</summary>
public sealed class FaultRequest
{
    /// <summary>Route key (<c>"METHOD template"</c>); null = any route except <c>/_emulator</c>.</summary>
    [JsonPropertyName("route")]
    public string? Route { get; set; }

    /// <summary>"503" | "429" | "html502" | "malformedJson" | "dropConnection" | "401" | "hostileText" | "hang" | "redirect".</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>How many of the next matching answers get the fault (default 1 when <see cref="Kind"/> is set).</summary>
    [JsonPropertyName("count")]
    public int? Count { get; set; }

    /// <summary>"seconds" | "date" | "none" (for 429/503; default: options' mode for 429, none for 503).</summary>
    [JsonPropertyName("retryAfter")]
    public string? RetryAfter { get; set; }

    /// <summary>For "redirect": the <c>Location</c> sent (an absolute URL, required).</summary>
    [JsonPropertyName("target")]
    public string? Target { get; set; }

    /// <summary>For "redirect": 301, 302, 303, 307 or 308 (default 302).</summary>
    [JsonPropertyName("redirectStatus")]
    public int? RedirectStatus { get; set; }

    /// <summary>Seconds announced by <c>Retry-After</c> (default 1).</summary>
    [JsonPropertyName("retryAfterSeconds")]
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Share (0..1) of API, media playback and storage answers replaced by a random 503/429/dropConnection.</summary>
    [JsonPropertyName("randomFaultRate")]
    public double? RandomFaultRate { get; set; }

    /// <summary>Seed of the random faults (default 0).</summary>
    [JsonPropertyName("randomSeed")]
    public int? RandomSeed { get; set; }

    /// <summary>Real-time delay added to every answer of <see cref="Route"/> (or all routes); 0 removes it.</summary>
    [JsonPropertyName("latencyMs")]
    public int? LatencyMs { get; set; }

    /// <summary>The token endpoint answers 503 for that many seconds on the emulator's clock.</summary>
    [JsonPropertyName("tokenEndpointDownSeconds")]
    public double? TokenEndpointDownSeconds { get; set; }

    /// <summary>Every token issued so far is rejected (access: 401, refresh: invalid_grant).</summary>
    [JsonPropertyName("revokeAllTokens")]
    public bool? RevokeAllTokens { get; set; }
}

/// <summary>A planned fault for one answer.</summary>
internal sealed record PlannedFault(FaultKind Kind, RetryAfterMode? RetryAfter, int RetryAfterSeconds, bool Random, string? Target = null, int RedirectStatus = 302);

/// <summary>
/// Fault switches of a running emulator (the in-process twin of <c>POST /_emulator/faults</c>). Thread-safe.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly object _gate = new();
    private readonly List<Rule> _rules = new();
    private readonly Dictionary<string, TimeSpan> _latency = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly Action _revoke;
    private TimeSpan _latencyAll;
    private double _randomRate;
    private Random _random = new(0);
    private DateTimeOffset? _tokenDownUntil;

    internal EmulatorFaults(TimeProvider clock, Action revoke)
    {
        _clock = clock;
        _revoke = revoke;
    }

    /// <summary>Faults still waiting to be served.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _rules.Sum(r => r.Remaining);
            }
        }
    }

    /// <summary>The next <paramref name="count"/> answers of <paramref name="route"/> (null = any route) get <paramref name="kind"/>.</summary>
    public void Next(string? route, FaultKind kind, int count = 1, RetryAfterMode? retryAfter = null, int retryAfterSeconds = 1) =>
        Add(new Rule(route, kind, retryAfter, retryAfterSeconds) { Remaining = count });

    /// <summary>The next <paramref name="count"/> answers of <paramref name="route"/> are a <paramref name="status"/> redirect to <paramref name="target"/>.</summary>
    public void NextRedirect(string? route, Uri target, int status = 302, int count = 1)
    {
        if (!target.IsAbsoluteUri || status is not (301 or 302 or 303 or 307 or 308))
        {
            throw new ArgumentException("A redirect needs an absolute target and a status of 301, 302, 303, 307 or 308.");
        }

        Add(new Rule(route, FaultKind.Redirect, null, 1) { Remaining = count, Target = target.AbsoluteUri, RedirectStatus = status });
    }

    private void Add(Rule rule)
    {
        if (rule.Remaining < 1)
        {
            throw new ArgumentOutOfRangeException("count");
        }

        lock (_gate)
        {
            _rules.Add(rule);
        }
    }

    /// <summary>Random 503/429/dropConnection on API, media playback and storage routes at <paramref name="rate"/> (0 stops).</summary>
    public void SetRandomFaultRate(double rate, int seed = 0)
    {
        if (rate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rate));
        }

        lock (_gate)
        {
            _randomRate = rate;
            _random = new Random(seed);
        }
    }

    /// <summary>Adds real-time latency to <paramref name="route"/> (null = every route); zero removes it.</summary>
    public void SetLatency(TimeSpan latency, string? route = null)
    {
        lock (_gate)
        {
            if (route == null)
            {
                _latencyAll = latency;
            }
            else if (latency <= TimeSpan.Zero)
            {
                _latency.Remove(route);
            }
            else
            {
                _latency[route] = latency;
            }
        }
    }

    /// <summary>The token endpoint answers 503 for <paramref name="duration"/> on the emulator's clock.</summary>
    public void TokenEndpointDownFor(TimeSpan duration)
    {
        lock (_gate)
        {
            _tokenDownUntil = _clock.GetUtcNow() + duration;
        }
    }

    /// <summary>Every token issued so far is rejected.</summary>
    public void RevokeAllTokens() => _revoke();

    /// <summary>Applies a <c>POST /_emulator/faults</c> body. Throws <see cref="ArgumentException"/> for an unknown kind or retryAfter.</summary>
    public void Apply(FaultRequest r)
    {
        if (r.Kind == "redirect")
        {
            if (!Uri.TryCreate(r.Target, UriKind.Absolute, out var target))
            {
                throw new ArgumentException("A redirect fault needs \"target\": an absolute URL.");
            }

            NextRedirect(r.Route, target, r.RedirectStatus ?? 302, r.Count ?? 1);
        }
        else if (r.Kind != null)
        {
            Next(r.Route, ParseKind(r.Kind), r.Count ?? 1, r.RetryAfter == null ? null : ParseRetryAfter(r.RetryAfter), r.RetryAfterSeconds ?? 1);
        }

        if (r.RandomFaultRate != null)
        {
            SetRandomFaultRate(r.RandomFaultRate.Value, r.RandomSeed ?? 0);
        }

        if (r.LatencyMs != null)
        {
            SetLatency(TimeSpan.FromMilliseconds(r.LatencyMs.Value), r.Route);
        }

        if (r.TokenEndpointDownSeconds != null)
        {
            TokenEndpointDownFor(TimeSpan.FromSeconds(r.TokenEndpointDownSeconds.Value));
        }

        if (r.RevokeAllTokens == true)
        {
            RevokeAllTokens();
        }
    }

    /// <summary>Removes every fault, latency and the token endpoint outage (not revocations: see <see cref="CXoneEmulator.Reset"/>).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _latency.Clear();
            _latencyAll = TimeSpan.Zero;
            _randomRate = 0;
            _tokenDownUntil = null;
        }
    }

    internal static FaultKind ParseKind(string kind) => kind switch
    {
        "503" => FaultKind.ServiceUnavailable,
        "429" => FaultKind.TooManyRequests,
        "html502" => FaultKind.Html502,
        "malformedJson" => FaultKind.MalformedJson,
        "dropConnection" => FaultKind.DropConnection,
        "401" => FaultKind.Unauthorized,
        "hostileText" => FaultKind.HostileText,
        "hang" => FaultKind.Hang,
        "redirect" => FaultKind.Redirect,
        _ => throw new ArgumentException($"Unknown fault kind '{kind}' (503, 429, html502, malformedJson, dropConnection, 401, hostileText, hang, redirect)."),
    };

    internal static RetryAfterMode ParseRetryAfter(string mode) => mode switch
    {
        "seconds" => RetryAfterMode.Seconds,
        "date" => RetryAfterMode.HttpDate,
        "none" => RetryAfterMode.None,
        _ => throw new ArgumentException($"Unknown retryAfter '{mode}' (seconds, date, none)."),
    };

    internal TimeSpan LatencyFor(string routeKey)
    {
        lock (_gate)
        {
            return _latency.TryGetValue(routeKey, out var l) ? l : _latencyAll;
        }
    }

    internal bool TokenEndpointDown()
    {
        lock (_gate)
        {
            return _tokenDownUntil is { } until && _clock.GetUtcNow() < until;
        }
    }

    internal PlannedFault? Take(string routeKey, bool randomEligible)
    {
        lock (_gate)
        {
            foreach (var r in _rules)
            {
                if (r.Remaining > 0 && (r.Route == null || string.Equals(r.Route, routeKey, StringComparison.Ordinal)))
                {
                    r.Remaining--;
                    return new PlannedFault(r.Kind, r.RetryAfter, r.RetryAfterSeconds, false, r.Target, r.RedirectStatus);
                }
            }

            _rules.RemoveAll(r => r.Remaining == 0);
            if (randomEligible && _randomRate > 0 && _random.NextDouble() < _randomRate)
            {
                var kind = _random.Next(3) switch { 0 => FaultKind.ServiceUnavailable, 1 => FaultKind.TooManyRequests, _ => FaultKind.DropConnection };
                return new PlannedFault(kind, null, 1, true);
            }

            return null;
        }
    }

    private sealed class Rule(string? route, FaultKind kind, RetryAfterMode? retryAfter, int retryAfterSeconds)
    {
        public string? Route { get; } = route;

        public FaultKind Kind { get; } = kind;

        public RetryAfterMode? RetryAfter { get; } = retryAfter;

        public int RetryAfterSeconds { get; } = retryAfterSeconds;

        public int Remaining { get; set; }

        public string? Target { get; init; }

        public int RedirectStatus { get; init; } = 302;
    }
}
