using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CXone.Emulator;

/// <summary>Which part of the emulator a route belongs to.</summary>
internal enum RouteKind
{
    Issuer,
    Api,
    MediaPlayback,
    Storage,
    Admin,
}

/// <summary>Endpoint metadata: the route template (for route keys) and the methods it answers.</summary>
internal sealed record RouteInfo(string Template, RouteKind Kind, string[] Methods);

/// <summary>
/// A loopback CXone look-alike (docs/cxone-api.md): issuer + API on one listener, storage on a second.
/// Start with <see cref="StartAsync"/>; dispose to stop. See docs/architecture.md, "Emulator contract".
/// </summary>
public sealed partial class CXoneEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TokenService _tokens;
    private readonly StatsCollector _stats = new();
    private readonly RateLimiter _limiter;
    private readonly StorageSigner _signer = new();
    private int _storagePort;
    private int _disposed;

    private CXoneEmulator(EmulatorOptions options, WebApplication app, EmulatorData data)
    {
        Options = options;
        _app = app;
        Data = data;
        Assignments = new EmulatorAssignments(data);
        _tokens = new TokenService(options);
        _limiter = new RateLimiter(options);
        Faults = new EmulatorFaults(options.TimeProvider, () => _tokens.RevokeAll());
    }

    /// <summary>Issuer, <c>http://127.0.0.1:&lt;port&gt;/</c> (with a trailing slash).</summary>
    public Uri IssuerUri { get; private set; } = null!;

    /// <summary>API base (same listener as the issuer): what cxone-configuration returns as <c>api_endpoint</c>.</summary>
    public Uri ApiBaseUri { get; private set; } = null!;

    /// <summary>Storage listener base: <c>fileToPlayUrl</c> points here.</summary>
    public Uri StorageBaseUri { get; private set; } = null!;

    /// <summary>The options (accounts, lifetimes, switches, data-set shape) this instance runs with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The seeded data set.</summary>
    public EmulatorData Data { get; }

    /// <summary>The skill assignments (writes change them; <see cref="Reset"/> puts the seed back).</summary>
    public EmulatorAssignments Assignments { get; }

    /// <summary>Fault switches (same as <c>POST /_emulator/faults</c>).</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>
    /// Starts an emulator on 127.0.0.1 (ports from <paramref name="options"/>, 0 = free ports), with
    /// <see cref="EmulatorOptions.InitialFaults"/> already applied.
    /// </summary>
    /// <exception cref="ArgumentException">An initial fault has an unknown kind or retryAfter, or a count or rate out of range.</exception>
    /// <exception cref="System.IO.IOException">A port is already in use.</exception>
    public static async Task<CXoneEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        TokenService.WarmUp();
        var data = new EmulatorData(options, options.TimeProvider.GetUtcNow());
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "CXone.Emulator" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore();
        ListenOptions? apiListen = null;
        ListenOptions? storageListen = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MinResponseDataRate = null;
            k.Listen(IPAddress.Loopback, options.ApiPort, lo => { lo.Protocols = HttpProtocols.Http1; apiListen = lo; });
            k.Listen(IPAddress.Loopback, options.StoragePort, lo => { lo.Protocols = HttpProtocols.Http1; storageListen = lo; });
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var emu = new CXoneEmulator(options, app, data);
        emu.MapRoutes(app);
        try
        {
            foreach (var fault in options.InitialFaults)
            {
                emu.Faults.Apply(fault);
            }

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            emu._tokens.Dispose();
            throw;
        }

        var apiPort = apiListen!.IPEndPoint!.Port;
        emu._storagePort = storageListen!.IPEndPoint!.Port;
        emu.IssuerUri = new Uri($"http://127.0.0.1:{apiPort}/");
        emu.ApiBaseUri = emu.IssuerUri;
        emu.StorageBaseUri = new Uri($"http://127.0.0.1:{emu._storagePort}/");
        emu._tokens.Issuer = emu.IssuerUri.ToString().TrimEnd('/');
        return emu;
    }

    /// <summary>What the emulator saw so far (same as <c>GET /_emulator/stats</c>).</summary>
    public EmulatorStats GetStats()
    {
        var s = _stats.Snapshot();
        s.AgentSkillWrites = Assignments.Writes;
        s.AgentSkillAssignments = Assignments.Count;
        return s;
    }

    /// <summary>Clears faults, revocations, rate-limit windows and counters (same as <c>POST /_emulator/reset</c>).</summary>
    public void Reset()
    {
        Faults.Clear();
        _tokens.ClearRevocations();
        _limiter.Reset();
        _stats.Reset();
        Assignments.Reset();
    }

    /// <summary>Stops both listeners (in-flight requests are aborted after 2 s).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try
            {
                await _app.StopAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _tokens.Dispose();
        _signer.Dispose();
    }

    private void MapRoutes(WebApplication app)
    {
        app.Use(Gate);
        const string v = "/inContactAPI/services/{version}";
        Map(app, "/.well-known/openid-configuration", RouteKind.Issuer, Discovery, "GET");
        Map(app, "/.well-known/cxone-configuration", RouteKind.Issuer, CXoneConfiguration, "GET");
        Map(app, "/auth/token", RouteKind.Issuer, Token, "POST");
        Map(app, "/auth/authorize", RouteKind.Issuer, Authorize, "GET");
        Map(app, "/auth/jwks", RouteKind.Issuer, ctx => WriteJson(ctx, 200, _tokens.Jwks()), "GET");
        Map(app, "/auth/userinfo", RouteKind.Issuer, UserInfo, "GET");
        Map(app, "/auth/logout", RouteKind.Issuer, Logout, "GET");
        Map(app, "/authentication/v1/token/access-key", RouteKind.Issuer, AccessKeyLogin, "POST");
        Map(app, "/oauth/token", RouteKind.Issuer, GenesysToken, "POST");
        Map(app, "/oauth/authorize", RouteKind.Issuer, Authorize, "GET");
        Map(app, "/api/v2/organizations/me", RouteKind.Issuer, GenesysOrganization, "GET");
        Map(app, v + "/server-time", RouteKind.Api, ServerTime, "GET");
        Map(app, v + "/contacts/completed", RouteKind.Api, CompletedContacts, "GET");
        Map(app, v + "/agents", RouteKind.Api, Agents, "GET");
        Map(app, v + "/agents/{id}", RouteKind.Api, Agent, "GET");
        Map(app, v + "/skills", RouteKind.Api, Skills, "GET");
        Map(app, v + "/teams", RouteKind.Api, Teams, "GET");
        MapAdminRoutes(app, v);
        Map(app, "/media-playback/v1/contacts", RouteKind.MediaPlayback, MediaByContact, "GET");
        Map(app, "/media-playback/v1/segments/{segmentId}", RouteKind.MediaPlayback, MediaBySegment, "GET");
        Map(app, "/storage/{fileId}", RouteKind.Storage, Storage, "GET", "HEAD");
        Map(app, "/_emulator/stats", RouteKind.Admin, ctx => WriteJson(ctx, 200, GetStats()), "GET");
        Map(app, "/_emulator/faults", RouteKind.Admin, PostFaults, "POST");
        Map(app, "/_emulator/reset", RouteKind.Admin, ctx => { Reset(); ctx.Response.StatusCode = 204; return Task.CompletedTask; }, "POST");
        Map(app, "/_emulator/info", RouteKind.Admin, Info, "GET");
    }

    private static void Map(WebApplication app, string template, RouteKind kind, RequestDelegate handler, params string[] methods) =>
        app.Map(template, handler).WithMetadata(new RouteInfo(template, kind, methods));
}
