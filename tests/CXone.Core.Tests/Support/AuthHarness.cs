using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Auth;
using CXone.Core.Diagnostics;
using CXone.Emulator;

namespace CXone.Core.Tests.Support;

/// <summary>
/// One emulator on loopback, one manual clock, one discovery cache and one report collector for an
/// authentication test. Faults and stats go through the emulator's HTTP admin routes (the documented contract).
/// </summary>
public sealed class AuthHarness : IAsyncDisposable
{
    /// <summary>Secrets planted in the emulator's accounts: no exception text or reported line may contain them.</summary>
    public const string CanaryClientSecret = "CanaryClient+Secret/91x==";
    public const string CanaryAccessKeySecret = "CanaryKey+Secret/Zq7==";
    public const string CanaryPassword = "Canary Pass&word+55";
    public const string WrongSecret = "WrongCanary+Secret/00==";

    private readonly HttpClient _admin;

    private AuthHarness(CXoneEmulator emulator, ManualTimeProvider clock)
    {
        Emulator = emulator;
        Clock = clock;
        _admin = new HttpClient { BaseAddress = emulator.IssuerUri };
    }

    public CXoneEmulator Emulator { get; }

    public ManualTimeProvider Clock { get; }

    public CXoneDiscoveryCache Cache { get; } = new();

    public AuthReports Reports { get; } = new();

    public Uri Issuer => Emulator.IssuerUri;

    public string Host => Emulator.IssuerUri.Authority;

    /// <summary>Starts an emulator on a manual clock with the canary secrets; <paramref name="configure"/> may change more.</summary>
    public static async Task<AuthHarness> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var clock = new ManualTimeProvider();
        var options = new EmulatorOptions
        {
            TimeProvider = clock,
            ClientSecret = CanaryClientSecret,
            AccessKeySecret = CanaryAccessKeySecret,
            Password = CanaryPassword,
            ContactCount = 20,
            AgentCount = 5,
        };
        configure?.Invoke(options);
        var emulator = await CXoneEmulator.StartAsync(options);
        return new AuthHarness(emulator, clock);
    }

    /// <summary>Sends Core's reports in the calling flow to <see cref="Reports"/> (call from the test body).</summary>
    public IDisposable Listen() => CXoneReporting.Listen(Reports);

    /// <summary>Options for the emulator's issuer with the default client and an access key; no retries.</summary>
    public CXoneSessionOptions Options(CXoneCredential? credential = null)
    {
        var o = Emulator.Options;
        return new CXoneSessionOptions
        {
            Issuer = Emulator.IssuerUri,
            ClientId = o.ClientId,
            ClientSecret = o.ClientSecret,
            Credential = credential ?? AccessKey(),
            TimeProvider = Clock,
            DiscoveryCache = Cache,
            Http = new CXone.Core.Http.CXoneHttpOptions { MaxRetries = 0 },
        };
    }

    public AccessKeyCredential AccessKey() => new(Emulator.Options.AccessKeyId, Emulator.Options.AccessKeySecret);

    public UsernamePasswordCredential UserPassword() => new(Emulator.Options.Username, Emulator.Options.Password);

    public Task<CXoneSession> ConnectAsync(CXoneCredential? credential = null) => CXoneSession.ConnectAsync(Options(credential));

    /// <summary>POST /_emulator/faults with one JSON object.</summary>
    public async Task FaultAsync(object fault)
    {
        using var content = new StringContent(JsonSerializer.Serialize(fault), Encoding.UTF8, "application/json");
        using var response = await _admin.PostAsync("_emulator/faults", content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>GET /_emulator/stats.</summary>
    public async Task<AuthStats> StatsAsync()
    {
        var json = await _admin.GetStringAsync("_emulator/stats");
        return new AuthStats(JsonDocument.Parse(json).RootElement.Clone());
    }

    /// <summary>A raw password grant (what another tool would have done), to get tokens the user brings.</summary>
    public async Task<(string AccessToken, string RefreshToken)> RawPasswordGrantAsync()
    {
        var o = Emulator.Options;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Emulator.IssuerUri, "auth/token"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(o.ClientId) + ":" + Uri.EscapeDataString(o.ClientSecret))));
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = o.AccessKeyId,
            ["password"] = o.AccessKeySecret,
        });
        using var response = await _admin.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, "raw password grant failed: HTTP " + (int)response.StatusCode);
        using var doc = JsonDocument.Parse(body);
        return (doc.RootElement.GetProperty("access_token").GetString()!, doc.RootElement.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>
    /// Moves the clock by <paramref name="step"/> until <paramref name="task"/> completes (for waits on the manual
    /// clock whose timer may not be armed yet). Bounded: fails after about 10 s of real time.
    /// </summary>
    public async Task AdvanceUntilDoneAsync(Task task, TimeSpan step)
    {
        for (var i = 0; i < 500 && !task.IsCompleted; i++)
        {
            Clock.Advance(step);
            await Task.WhenAny(task, Task.Delay(20));
        }

        Assert.True(task.IsCompleted, "the operation did not finish while the clock was moved");
    }

    /// <summary>Every secret the emulator knows plus the wrong one tests use.</summary>
    public IEnumerable<string> Secrets()
    {
        var o = Emulator.Options;
        yield return o.ClientSecret;
        yield return o.AccessKeySecret;
        yield return o.Password;
        yield return WrongSecret;
    }

    /// <summary>
    /// The canary: none of the known secrets (nor their url-encoded or JSON-escaped forms, nor the HTTP Basic value
    /// of the client, nor <paramref name="moreSecrets"/>) appears in the exception's full text (inner exceptions
    /// included), its properties, or any reported line.
    /// </summary>
    public void AssertNoSecrets(Exception? exception, params string[] moreSecrets)
    {
        var texts = new List<string>(Reports.Lines);
        if (exception != null)
        {
            texts.Add(exception.ToString());
            for (var e = exception; e != null; e = e.InnerException)
            {
                texts.Add(e.Message);
                if (e is Errors.CXoneException cx)
                {
                    texts.Add(cx.RecommendedAction);
                    texts.Add(cx.ErrorDescription ?? string.Empty);
                    texts.Add(cx.ErrorCode ?? string.Empty);
                    texts.Add(cx.Host ?? string.Empty);
                }
            }
        }

        var clientId = Emulator.Options.ClientId;
        var basicPairs = new[] { Emulator.Options.ClientSecret, WrongSecret }
            .Select(secret => Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));
        foreach (var secret in Secrets().Concat(moreSecrets).Concat(basicPairs).Where(s => !string.IsNullOrEmpty(s)))
        {
            var forms = new[]
            {
                secret,
                Uri.EscapeDataString(secret),
                Uri.EscapeDataString(secret).Replace("%20", "+"),
                System.Text.RegularExpressions.Regex.Replace(Uri.EscapeDataString(secret), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant()),
                JsonEncodedText.Encode(secret).ToString(),
            };
            foreach (var form in forms.Distinct())
            {
                foreach (var text in texts)
                {
                    Assert.False(text.Contains(form, StringComparison.Ordinal), "a secret leaked into: " + text);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await Emulator.DisposeAsync();
    }
}

/// <summary>The emulator's <c>GET /_emulator/stats</c> answer.</summary>
public sealed class AuthStats
{
    private readonly JsonElement _root;

    public AuthStats(JsonElement root) => _root = root;

    public long Route(string key) =>
        _root.TryGetProperty("routes", out var routes) && routes.TryGetProperty(key, out var r) && r.TryGetProperty("total", out var t) ? t.GetInt64() : 0;

    /// <summary>How many answers of <paramref name="key"/> had <paramref name="status"/>.</summary>
    public long Status(string key, int status) =>
        _root.TryGetProperty("routes", out var routes) && routes.TryGetProperty(key, out var r) && r.TryGetProperty("statuses", out var s) &&
        s.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var n) ? n.GetInt64() : 0;

    public long Grants(string type) => Count("grants", type);

    public long GrantFailures(string type) => Count("grantFailures", type);

    /// <summary>Successful grants of every type.</summary>
    public long AllGrants =>
        _root.TryGetProperty("grants", out var g) ? g.EnumerateObject().Sum(p => p.Value.GetInt64()) : 0;

    public long TokenRequests => Route("POST /auth/token");

    public long OidcRequests => Route("GET /.well-known/openid-configuration");

    public long ConfigurationRequests => Route("GET /.well-known/cxone-configuration");

    private long Count(string section, string key) =>
        _root.TryGetProperty(section, out var s) && s.TryGetProperty(key, out var v) ? v.GetInt64() : 0;
}

/// <summary>Collects Core's reports (thread-safe).</summary>
public sealed class AuthReports : ICXoneReporter
{
    private readonly List<CXoneReport> _reports = new();

    public IReadOnlyList<CXoneReport> All
    {
        get
        {
            lock (_reports)
            {
                return _reports.ToList();
            }
        }
    }

    public IReadOnlyList<string> Lines => All.Select(r => r.Kind + ": " + r.Message).ToList();

    public IReadOnlyList<string> Warnings => All.Where(r => r.Kind == CXoneReportKind.Warning).Select(r => r.Message).ToList();

    public IReadOnlyList<string> Verbose => All.Where(r => r.Kind == CXoneReportKind.Verbose).Select(r => r.Message).ToList();

    public void Report(CXoneReport report)
    {
        lock (_reports)
        {
            _reports.Add(report);
        }
    }
}
