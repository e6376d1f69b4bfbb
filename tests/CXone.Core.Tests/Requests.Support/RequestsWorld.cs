using System;
using System.Diagnostics;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.Core.Auth;
using CXone.Core.Diagnostics;
using CXone.Core.Http;
using CXone.Core.Recordings;
using CXone.Emulator;

namespace CXone.Core.Tests.Requests.Support;

/// <summary>Route keys of the emulator used by the requests tests.</summary>
internal static class Routes
{
    public const string Token = "POST /auth/token";
    public const string ServerTime = "GET /inContactAPI/services/{version}/server-time";
    public const string Contacts = "GET /inContactAPI/services/{version}/contacts/completed";
    public const string Agent = "GET /inContactAPI/services/{version}/agents/{id}";
    public const string MediaContacts = "GET /media-playback/v1/contacts";
    public const string MediaSegments = "GET /media-playback/v1/segments/{segmentId}";
    public const string Storage = "GET /storage/{fileId}";
    public const string ServerTimePath = "inContactAPI/services/v30.0/server-time";
}

/// <summary>
/// Test-only token provider: a real password grant (access key) against the emulator's token endpoint with a raw
/// HttpClient. It stands in for the session's token cache until the authentication layer is merged; it is test
/// support, not a stand-in for the HTTP code under test.
/// </summary>
internal sealed class PasswordGrantTokens : ITokenProvider, IDisposable
{
    private readonly CXoneEmulator _emu;
    private readonly HttpClient _raw = new(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _current;
    private int _invalidations;

    public PasswordGrantTokens(CXoneEmulator emu) => _emu = emu;

    public int Invalidations => _invalidations;

    public async Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        var t = Volatile.Read(ref _current);
        if (t != null)
        {
            return t;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            t = Volatile.Read(ref _current);
            if (t != null)
            {
                return t;
            }

            var o = _emu.Options;
            using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(_emu.IssuerUri, "auth/token"));
            req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(o.ClientId) + ":" + Uri.EscapeDataString(o.ClientSecret))));
            req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            req.Content = new StringContent("grant_type=password&username=" + Uri.EscapeDataString(o.AccessKeyId) + "&password=" + Uri.EscapeDataString(o.AccessKeySecret), Encoding.ASCII, "application/x-www-form-urlencoded");
            using var resp = await _raw.SendAsync(req, cancellationToken);
            var text = await resp.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(resp.IsSuccessStatusCode, "password grant failed: " + (int)resp.StatusCode);
            using var doc = JsonDocument.Parse(text);
            var now = o.TimeProvider.GetUtcNow();
            var expires = now.AddSeconds(doc.RootElement.GetProperty("expires_in").GetInt32());
            t = new AccessToken(doc.RootElement.GetProperty("access_token").GetString()!, "Bearer", expires, expires.AddSeconds(-300));
            Volatile.Write(ref _current, t);
            return t;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate(AccessToken rejected)
    {
        if (Interlocked.CompareExchange(ref _current, null, rejected) == rejected)
        {
            Interlocked.Increment(ref _invalidations);
        }
    }

    public void Dispose()
    {
        _raw.Dispose();
        _gate.Dispose();
    }
}

/// <summary>One request as it left for the wire (seen just above the socket handler).</summary>
internal sealed record WireRequest(string Method, Uri Uri, DateTimeOffset ClockTime, string? Authorization, string? UserAgent, string? Accept, string? Range);

/// <summary>
/// Sits between the pipeline and the real socket handler and records what is sent (method, URL, headers, time on
/// the test clock) and how many requests are in flight (until their response, body included, is disposed). It
/// changes nothing that is sent or received.
/// </summary>
internal sealed class WireLog : DelegatingHandler
{
    private readonly TimeProvider _clock;
    private readonly ConcurrentQueue<WireRequest> _requests = new();
    private int _inFlight;
    private int _maxInFlight;

    public WireLog(TimeProvider clock) : base(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) => _clock = clock;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most requests that were on the wire at once (until their headers came back).</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public IReadOnlyList<WireRequest> Requests => _requests.ToArray();

    public ConcurrentQueue<string> Bodies429 { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(new WireRequest(
            request.Method.Method,
            request.RequestUri!,
            _clock.GetUtcNow(),
            request.Headers.Authorization?.ToString(),
            request.Headers.UserAgent.ToString(),
            request.Headers.Accept.ToString(),
            request.Headers.Range?.ToString()));
        var now = Interlocked.Increment(ref _inFlight);
        for (var seen = Volatile.Read(ref _maxInFlight); now > seen && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen; seen = Volatile.Read(ref _maxInFlight))
        {
        }

        var onWire = true;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode == 429)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                Bodies429.Enqueue(await response.Content.ReadAsStringAsync(cancellationToken));
            }

            // A body still being read is on the wire too: the request counts until its response is disposed.
            response.Content = new DisposeNotifyingContent(response.Content, () => Interlocked.Decrement(ref _inFlight));
            onWire = false;
            return response;
        }
        finally
        {
            if (onWire)
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>The transport's content unchanged, with a callback when it is disposed (once).</summary>
    private sealed class DisposeNotifyingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private Action? _onDispose;

        public DisposeNotifyingContent(HttpContent inner, Action onDispose)
        {
            _inner = inner;
            _onDispose = onDispose;
            foreach (var h in inner.Headers)
            {
                Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                Interlocked.Exchange(ref _onDispose, null)?.Invoke();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>Collects every report Core sends (thread-safe).</summary>
internal sealed class ReportLog : ICXoneReporter
{
    private readonly ConcurrentQueue<CXoneReport> _reports = new();

    public IReadOnlyList<CXoneReport> All => _reports.ToArray();

    public IEnumerable<string> Lines => All.Where(r => r.Kind != CXoneReportKind.Progress).Select(r => r.Message);

    public IEnumerable<string> RetryLines => Lines.Where(l => l.Contains("retrying in", StringComparison.Ordinal));

    public void Report(CXoneReport report) => _reports.Enqueue(report);
}

/// <summary>
/// An emulator and the requests layer wired to it over real loopback HTTP, on one manual clock:
/// API client (pipeline with a real password-grant token), storage client, contacts, recordings.
/// </summary>
internal sealed class RequestsWorld : IAsyncDisposable
{
    private RequestsWorld()
    {
    }

    public CXoneEmulator Emu { get; private set; } = null!;

    public ManualTimeProvider Clock { get; private set; } = null!;

    public CXoneHttpOptions Http { get; private set; } = null!;

    public PasswordGrantTokens Tokens { get; private set; } = null!;

    public WireLog ApiWire { get; private set; } = null!;

    public WireLog StorageWire { get; private set; } = null!;

    public HttpClient ApiHttp { get; private set; } = null!;

    public HttpClient StorageHttp { get; private set; } = null!;

    public CXoneApiClient Api { get; private set; } = null!;

    public ContactsClient Contacts { get; private set; } = null!;

    public RecordingsClient Recordings { get; private set; } = null!;

    public ReportLog Reports { get; } = new();

    public static async Task<RequestsWorld> StartAsync(Action<EmulatorOptions>? emulator = null, Action<CXoneHttpOptions>? http = null)
    {
        var w = new RequestsWorld { Clock = new ManualTimeProvider() };
        var eo = new EmulatorOptions { TimeProvider = w.Clock };
        emulator?.Invoke(eo);
        w.Emu = await CXoneEmulator.StartAsync(eo);
        w.Http = new CXoneHttpOptions();
        http?.Invoke(w.Http);
        w.Tokens = new PasswordGrantTokens(w.Emu);
        w.ApiWire = new WireLog(w.Clock);
        w.StorageWire = new WireLog(w.Clock);
        w.ApiHttp = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateApiHandler(w.Tokens, w.Http, w.Clock, w.ApiWire), w.Emu.ApiBaseUri);
        w.StorageHttp = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateStorageHandler(w.Http, w.Clock, w.StorageWire));
        w.Api = new CXoneApiClient(w.ApiHttp, w.Emu.ApiBaseUri, w.Http);
        w.Contacts = new ContactsClient(w.Api);
        w.Recordings = new RecordingsClient(w.Api, w.StorageHttp, w.Http, w.Clock);
        return w;
    }

    /// <summary>
    /// Awaits <paramref name="task"/> while moving the clock: whenever no request is on the wire, the clock moves by
    /// <paramref name="step"/> (default 100 ms), so backoff and Retry-After waits pass without real waiting.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> task, TimeSpan? step = null)
    {
        await DriveAsync((Task)task, step);
        return await task;
    }

    /// <inheritdoc cref="DriveAsync{T}(Task{T}, TimeSpan?)"/>
    public async Task DriveAsync(Task task, TimeSpan? step = null)
    {
        var s = step ?? TimeSpan.FromMilliseconds(100);
        var guard = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (ApiWire.InFlight == 0 && StorageWire.InFlight == 0 && Clock.ActiveTimerCount > 0)
            {
                Clock.Advance(s);
            }

            await Task.WhenAny(task, Task.Delay(1));
            // A bound on real time so that a call that can never finish fails in a minute, not after hours.
            Assert.True(guard.Elapsed < TimeSpan.FromSeconds(60), "the call never finished");
        }

        await task;
    }

    public async ValueTask DisposeAsync()
    {
        ApiHttp.Dispose();
        StorageHttp.Dispose();
        Tokens.Dispose();
        await Emu.DisposeAsync();
    }
}

/// <summary>
/// Watches progress reports of downloads: how many files were being written at once (a download reports 0 bytes
/// when it starts and IsCompleted when it ends), and lets a test act on a report (for example cancel mid-body).
/// </summary>
internal sealed class ProgressProbe : ICXoneReporter
{
    private readonly object _gate = new();
    private readonly HashSet<int> _active = new();
    private readonly List<CXoneReport> _progress = new();

    public Action<CXoneReport>? OnProgress { get; set; }

    public int MaxActive { get; private set; }

    public IReadOnlyList<CXoneReport> Progress
    {
        get
        {
            lock (_gate)
            {
                return _progress.ToArray();
            }
        }
    }

    public ConcurrentQueue<string> Lines { get; } = new();

    public void Report(CXoneReport report)
    {
        if (report.Kind != CXoneReportKind.Progress)
        {
            Lines.Enqueue(report.Message);
            return;
        }

        lock (_gate)
        {
            _progress.Add(report);
            if (report.IsCompleted)
            {
                _active.Remove(report.ActivityId);
            }
            else if (_active.Add(report.ActivityId))
            {
                MaxActive = Math.Max(MaxActive, _active.Count);
            }
        }

        OnProgress?.Invoke(report);
    }
}
