using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;

namespace CXone.Emulator;

/// <summary>Requests of one route: total and per status code.</summary>
public sealed class RouteStats
{
    /// <summary>All requests of the route.</summary>
    [JsonPropertyName("total")]
    public long Total { get; set; }

    /// <summary>Requests per HTTP status code (keys are the codes as text, e.g. "200").</summary>
    [JsonPropertyName("statuses")]
    public Dictionary<string, long> Statuses { get; set; } = new();
}

/// <summary>
/// What the emulator saw, as <c>GET /_emulator/stats</c> shows it (docs/architecture.md, "Emulator contract").
/// Deserialize that JSON into this type, or call <see cref="CXoneEmulator.GetStats"/>.
/// </summary>
public sealed class EmulatorStats
{
    /// <summary>Per route key (<c>"METHOD template"</c>).</summary>
    [JsonPropertyName("routes")]
    public Dictionary<string, RouteStats> Routes { get; set; } = new();

    /// <summary>Tokens issued per grant type (<c>password</c>, <c>refresh_token</c>, <c>authorization_code</c>, <c>client_credentials</c>,
    /// and <c>access_key</c> for the UserHub access-key login; the Genesys-shaped <c>/oauth/token</c> counts under its grant types).</summary>
    [JsonPropertyName("grants")]
    public Dictionary<string, long> GrantCounts { get; set; } = new();

    /// <summary>Refused token requests per grant type (whatever the reason).</summary>
    [JsonPropertyName("grantFailures")]
    public Dictionary<string, long> GrantFailureCounts { get; set; } = new();

    /// <summary>429 answers sent (rate limit and injected).</summary>
    [JsonPropertyName("throttled")]
    public long Throttled { get; set; }

    /// <summary>Injected faults (explicit and random).</summary>
    [JsonPropertyName("faultsInjected")]
    public long FaultsInjected { get; set; }

    /// <summary>Requests the storage listener received.</summary>
    [JsonPropertyName("storageRequests")]
    public long StorageRequests { get; set; }

    /// <summary>Body bytes the storage listener wrote.</summary>
    [JsonPropertyName("storageBytesServed")]
    public long StorageBytesServed { get; set; }

    /// <summary>Storage requests that carried an <c>Authorization</c> header (each answered 400).</summary>
    [JsonPropertyName("storageRequestsWithAuthorization")]
    public long StorageRequestsWithAuthorization { get; set; }

    /// <summary>Requests seen on a route key, e.g. <c>"POST /auth/token"</c>.</summary>
    /// <summary>Agent/skill pairs applied by assignment writes since the last reset.</summary>
    [JsonPropertyName("agentSkillWrites")]
    public long AgentSkillWrites { get; set; }

    /// <summary>Skill assignments held now.</summary>
    [JsonPropertyName("agentSkillAssignments")]
    public long AgentSkillAssignments { get; set; }

    public long Requests(string routeKey) => Routes.TryGetValue(routeKey, out var r) ? r.Total : 0;

    /// <summary>Requests on a route key answered with <paramref name="status"/>.</summary>
    public long Requests(string routeKey, int status) =>
        Routes.TryGetValue(routeKey, out var r) && r.Statuses.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var n) ? n : 0;

    /// <summary>Tokens issued by a grant type.</summary>
    public long Grants(string grantType) => GrantCounts.TryGetValue(grantType, out var n) ? n : 0;

    /// <summary>Refused requests of a grant type.</summary>
    public long GrantFailures(string grantType) => GrantFailureCounts.TryGetValue(grantType, out var n) ? n : 0;

    /// <summary>Total requests over all routes.</summary>
    public long TotalRequests => Routes.Values.Sum(r => r.Total);

    /// <summary>Parses the JSON of <c>GET /_emulator/stats</c>.</summary>
    public static EmulatorStats Parse(string json) => JsonSerializer.Deserialize<EmulatorStats>(json) ?? new EmulatorStats();

    /// <summary>The JSON of <c>GET /_emulator/stats</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);
}

internal sealed class StatsCollector
{
    private static readonly string[] GrantTypes = { "password", "refresh_token", "authorization_code", "client_credentials", "access_key" };
    private ConcurrentDictionary<string, ConcurrentDictionary<int, long>> _routes = new();
    private ConcurrentDictionary<string, long> _grants = new();
    private ConcurrentDictionary<string, long> _grantFailures = new();
    private long _throttled;
    private long _faults;
    private long _storage;
    private long _storageBytes;
    private long _storageAuth;

    public void Request(string routeKey, int status)
    {
        var d = _routes.GetOrAdd(routeKey, _ => new ConcurrentDictionary<int, long>());
        d.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (status == 429)
        {
            Interlocked.Increment(ref _throttled);
        }
    }

    public void Grant(string type) => _grants.AddOrUpdate(type, 1, (_, n) => n + 1);

    public void GrantFailure(string type) => _grantFailures.AddOrUpdate(type, 1, (_, n) => n + 1);

    public void Fault() => Interlocked.Increment(ref _faults);

    public void StorageRequest() => Interlocked.Increment(ref _storage);

    public void StorageBytes(long n) => Interlocked.Add(ref _storageBytes, n);

    public void StorageAuthorization() => Interlocked.Increment(ref _storageAuth);

    public void Reset()
    {
        _routes = new();
        _grants = new();
        _grantFailures = new();
        Interlocked.Exchange(ref _throttled, 0);
        Interlocked.Exchange(ref _faults, 0);
        Interlocked.Exchange(ref _storage, 0);
        Interlocked.Exchange(ref _storageBytes, 0);
        Interlocked.Exchange(ref _storageAuth, 0);
    }

    public EmulatorStats Snapshot()
    {
        var s = new EmulatorStats
        {
            Throttled = Interlocked.Read(ref _throttled),
            FaultsInjected = Interlocked.Read(ref _faults),
            StorageRequests = Interlocked.Read(ref _storage),
            StorageBytesServed = Interlocked.Read(ref _storageBytes),
            StorageRequestsWithAuthorization = Interlocked.Read(ref _storageAuth),
        };
        foreach (var (key, statuses) in _routes)
        {
            var r = new RouteStats();
            foreach (var (code, n) in statuses)
            {
                r.Statuses[code.ToString(System.Globalization.CultureInfo.InvariantCulture)] = n;
                r.Total += n;
            }

            s.Routes[key] = r;
        }

        foreach (var g in GrantTypes)
        {
            s.GrantCounts[g] = 0;
        }

        foreach (var (g, n) in _grants)
        {
            s.GrantCounts[g] = n;
        }

        foreach (var (g, n) in _grantFailures)
        {
            s.GrantFailureCounts[g] = n;
        }

        return s;
    }
}
