using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CXone.Emulator;

public sealed partial class CXoneEmulator
{
    private const string DropKey = "cxone.emulator.drop";
    private const string TenantKey = "cxone.emulator.tenant";
    private const string CountKey = "cxone.emulator.count";

    private static readonly JsonSerializerOptions JsonOut = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Runs before every handler: route keys and stats, 404/405, latency, injected faults, bearer checks,
    /// media playback rate limit, Accept check, and storage's Authorization rule.
    /// </summary>
    private async Task Gate(HttpContext ctx, RequestDelegate next)
    {
        var info = ctx.GetEndpoint()?.Metadata.GetMetadata<RouteInfo>();
        var onStorage = ctx.Connection.LocalPort == _storagePort;
        var method = ctx.Request.Method;
        if (info == null || (info.Kind == RouteKind.Storage) != onStorage || (onStorage && info.Kind == RouteKind.Admin))
        {
            CountAtStart(ctx, $"{method} (unmatched)");
            await WriteJson(ctx, 404, new JsonObject { ["error"] = "Not Found", ["message"] = "No such resource on the CXone emulator." }).ConfigureAwait(false);
            return;
        }

        if (info.Kind == RouteKind.Admin)
        {
            if (Array.IndexOf(info.Methods, method) < 0)
            {
                ctx.Response.Headers.Allow = string.Join(", ", info.Methods);
                ctx.Response.StatusCode = 405;
                return;
            }

            await next(ctx).ConfigureAwait(false);
            return;
        }

        var routeKey = method + " " + info.Template;
        CountAtStart(ctx, routeKey);
        if (info.Kind == RouteKind.Storage)
        {
            _stats.StorageRequest();
        }

        if (Array.IndexOf(info.Methods, method) < 0)
        {
            ctx.Response.Headers.Allow = string.Join(", ", info.Methods);
            await WriteJson(ctx, 405, new JsonObject { ["error"] = "Method Not Allowed" }).ConfigureAwait(false);
            return;
        }

        var latency = Faults.LatencyFor(routeKey);
        if (latency > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(latency, ctx.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the client gave up during the added latency: counted as 499 (client closed request), nothing sent
                ctx.Response.StatusCode = 499;
                return;
            }
        }

        if (info.Kind == RouteKind.Storage && ctx.Request.Headers.ContainsKey("Authorization"))
        {
            _stats.StorageAuthorization();
            await WriteText(ctx, 400, "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified</Message></Error>").ConfigureAwait(false);
            return;
        }

        if (info.Kind == RouteKind.Api && ctx.Request.RouteValues["version"] is string ver && !IsVersion(ver))
        {
            await WriteJson(ctx, 404, new JsonObject { ["error"] = "Not Found", ["message"] = $"Unknown API version '{ver}' (expected v<N>.0)." }).ConfigureAwait(false);
            return;
        }

        var isTokenEndpoint = routeKey == "POST /auth/token";
        if (isTokenEndpoint && Faults.TokenEndpointDown())
        {
            _stats.Fault();
            await WriteOAuthError(ctx, 503, "temporarily_unavailable", "The token endpoint is down (emulator fault).").ConfigureAwait(false);
            return;
        }

        var fault = Faults.Take(routeKey, info.Kind is RouteKind.Api or RouteKind.MediaPlayback or RouteKind.Storage);
        if (fault != null)
        {
            _stats.Fault();
            if (fault.Kind == FaultKind.Hang)
            {
                await HangUntilAborted(ctx).ConfigureAwait(false);
                return;
            }

            if (fault.Kind == FaultKind.DropConnection)
            {
                if (info.Kind == RouteKind.Storage)
                {
                    ctx.Items[DropKey] = true;
                    await next(ctx).ConfigureAwait(false);
                }
                else
                {
                    await DropMidBody(ctx, next).ConfigureAwait(false);
                }

                return;
            }

            await WriteFault(ctx, fault, info, isTokenEndpoint).ConfigureAwait(false);
            return;
        }

        if (info.Kind is RouteKind.Api or RouteKind.MediaPlayback)
        {
            if (!CheckBearer(ctx, out var tenant, out var reason))
            {
                ctx.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
                await WriteJson(ctx, 401, new JsonObject { ["error"] = "invalid_token", ["error_description"] = reason, ["message"] = "Unauthorized" }).ConfigureAwait(false);
                return;
            }

            ctx.Items[TenantKey] = tenant;
            if (info.Kind == RouteKind.MediaPlayback)
            {
                var wait = _limiter.TryAcquire(tenant);
                if (wait is { } retryAfter)
                {
                    SetRetryAfter(ctx, Options.RetryAfterMode, (int)Math.Ceiling(retryAfter.TotalSeconds));
                    await WriteJson(ctx, 429, new JsonObject { ["message"] = "Too many requests. The limit is " + Options.MediaPlaybackLimit + " requests per " + Options.MediaPlaybackWindow.TotalSeconds + " seconds.", ["route"] = info.Template }).ConfigureAwait(false);
                    return;
                }
            }
            else if (Options.RequireAcceptJson && !AcceptsJson(ctx.Request))
            {
                await WriteText(ctx, 406, "text/plain; charset=utf-8", "No known way to render data").ConfigureAwait(false);
                return;
            }
        }

        await next(ctx).ConfigureAwait(false);
    }

    /// <summary>Counts the request when the response starts (before the client can see it), or at the end if it never started.</summary>
    private void CountAtStart(HttpContext ctx, string routeKey)
    {
        var counted = 0;
        void Count()
        {
            if (Interlocked.Exchange(ref counted, 1) == 0)
            {
                _stats.Request(routeKey, ctx.Response.StatusCode);
            }
        }

        ctx.Items[CountKey] = (Action)Count;
        ctx.Response.OnStarting(() =>
        {
            Count();
            return Task.CompletedTask;
        });
        ctx.Response.OnCompleted(() =>
        {
            Count();
            return Task.CompletedTask;
        });
    }

    private static bool IsVersion(string v)
    {
        if (v.Length < 4 || (v[0] != 'v' && v[0] != 'V') || !v.EndsWith(".0", StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 1; i < v.Length - 2; i++)
        {
            if (!char.IsAsciiDigit(v[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AcceptsJson(HttpRequest r)
    {
        foreach (var a in r.Headers.Accept)
        {
            if (a != null && (a.Contains("application/json", StringComparison.OrdinalIgnoreCase) || a.Contains("*/*", StringComparison.Ordinal) || a.Contains("application/*", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private bool CheckBearer(HttpContext ctx, out string tenant, out string reason)
    {
        tenant = "";
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(auth))
        {
            reason = "missing bearer token";
            return false;
        }

        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            reason = "not a bearer token";
            return false;
        }

        return _tokens.TryValidateAccess(auth.Substring(7).Trim(), out tenant, out reason);
    }

    private async Task WriteFault(HttpContext ctx, PlannedFault fault, RouteInfo info, bool isTokenEndpoint)
    {
        switch (fault.Kind)
        {
            case FaultKind.ServiceUnavailable:
                SetRetryAfter(ctx, fault.RetryAfter ?? RetryAfterMode.None, fault.RetryAfterSeconds);
                if (isTokenEndpoint)
                {
                    await WriteOAuthError(ctx, 503, "temporarily_unavailable", "Service unavailable (emulator fault).").ConfigureAwait(false);
                }
                else
                {
                    await WriteJson(ctx, 503, new JsonObject { ["message"] = "Service Unavailable" }).ConfigureAwait(false);
                }

                break;
            case FaultKind.Redirect:
                ctx.Response.StatusCode = fault.RedirectStatus;
                ctx.Response.Headers.Location = fault.Target;
                ctx.Response.ContentLength = 0;
                break;
            case FaultKind.TooManyRequests:
                SetRetryAfter(ctx, fault.RetryAfter ?? Options.RetryAfterMode, fault.RetryAfterSeconds);
                await WriteJson(ctx, 429, new JsonObject { ["message"] = "Too many requests.", ["route"] = info.Template }).ConfigureAwait(false);
                break;
            case FaultKind.Html502:
                await WriteText(ctx, 502, "text/html", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n").ConfigureAwait(false);
                break;
            case FaultKind.HostileText:
                await WriteText(ctx, 400, "application/json; charset=utf-8", System.Text.Json.JsonSerializer.Serialize(new
                {
                    message = "Bad skill\r\nWARNING: forged line\u001b[2J\u001b]0;pwned\u0007\u009b31m" + new string('x', 100 * 1024),
                })).ConfigureAwait(false);
                break;
            case FaultKind.MalformedJson:
                await WriteText(ctx, 200, "application/json; charset=utf-8", "{\"totalRecords\":3,\"completedContacts\":[{\"contactId\":60000,\"access_token\":\"eyJ").ConfigureAwait(false);
                break;
            case FaultKind.Unauthorized:
                if (isTokenEndpoint)
                {
                    await WriteOAuthError(ctx, 401, "invalid_client", "Client authentication failed (emulator fault).").ConfigureAwait(false);
                }
                else
                {
                    ctx.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                    await WriteJson(ctx, 401, new JsonObject { ["error"] = "invalid_token", ["message"] = "Unauthorized" }).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>Runs the real handler into a buffer, then sends its headers and about half its body, and drops the connection.</summary>
    /// <summary>Holds the request without answering until the client aborts it; counted as 499 (client closed request).</summary>
    private static async Task HangUntilAborted(HttpContext ctx)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ctx.Response.StatusCode = 499;
        }
    }

    private static async Task DropMidBody(HttpContext ctx, RequestDelegate next)
    {
        var original = ctx.Response.Body;
        var buffer = new MemoryStream();
        ctx.Response.Body = buffer;
        try
        {
            await next(ctx).ConfigureAwait(false);
        }
        finally
        {
            ctx.Response.Body = original;
        }

        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            bytes = Encoding.UTF8.GetBytes("{\"message\":\"this body never arrives in full\"}");
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json; charset=utf-8";
        }

        ctx.Response.ContentLength = bytes.Length;
        await RawDropAsync(ctx, async send => await send(bytes.AsMemory(0, Math.Max(1, bytes.Length / 2))).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops the connection mid-body, deterministically: the status line, the response headers as set so far
    /// (with their full Content-Length) and what <paramref name="writePart"/> sends go straight to the socket
    /// (so they are in the kernel before anything closes), then the socket is shut down for sending (FIN) and
    /// the connection aborted. The client sees headers, part of the body, then an early end: an IOException.
    /// </summary>
    private static async Task RawDropAsync(HttpContext ctx, Func<Func<ReadOnlyMemory<byte>, ValueTask>, Task> writePart)
    {
        if (ctx.Items[CountKey] is Action count)
        {
            count();
        }

        var socket = ctx.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()?.Socket;
        if (socket == null)
        {
            ctx.Abort();
            return;
        }

        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(ctx.Response.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(ctx.Response.StatusCode)).Append("\r\n");
        head.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var (name, values) in ctx.Response.Headers)
        {
            foreach (var v in values)
            {
                head.Append(name).Append(": ").Append(v).Append("\r\n");
            }
        }

        head.Append("Connection: close\r\n\r\n");
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(head.ToString()), System.Net.Sockets.SocketFlags.None, ctx.RequestAborted).ConfigureAwait(false);
            await writePart(async chunk =>
            {
                while (!chunk.IsEmpty)
                {
                    var n = await socket.SendAsync(chunk, System.Net.Sockets.SocketFlags.None, ctx.RequestAborted).ConfigureAwait(false);
                    chunk = chunk.Slice(n);
                }
            }).ConfigureAwait(false);
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the client went away first
        }

        ctx.Abort();
    }

    private void SetRetryAfter(HttpContext ctx, RetryAfterMode mode, int seconds)
    {
        seconds = Math.Max(1, seconds);
        switch (mode)
        {
            case RetryAfterMode.Seconds:
                ctx.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                break;
            case RetryAfterMode.HttpDate:
                ctx.Response.Headers.RetryAfter = Options.TimeProvider.GetUtcNow().AddSeconds(seconds).ToString("R", CultureInfo.InvariantCulture);
                break;
        }
    }

    private Task WriteOAuthError(HttpContext ctx, int status, string error, string description)
    {
        ctx.Response.Headers.CacheControl = "no-store";
        if (status == 401)
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"cxone\"";
        }

        return WriteJson(ctx, status, new JsonObject
        {
            ["error"] = error,
            [Options.UseCamelCaseErrorDescription ? "errorDescription" : "error_description"] = description,
        });
    }

    private static Task WriteJson(HttpContext ctx, int status, object body)
    {
        var bytes = body is JsonNode node ? Encoding.UTF8.GetBytes(node.ToJsonString(JsonOut)) : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), JsonOut);
        return WriteBytes(ctx, status, "application/json; charset=utf-8", bytes);
    }

    private static Task WriteText(HttpContext ctx, int status, string contentType, string text) =>
        WriteBytes(ctx, status, contentType, Encoding.UTF8.GetBytes(text));

    private static async Task WriteBytes(HttpContext ctx, int status, string contentType, byte[] bytes)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = bytes.Length;
        try
        {
            await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
        catch (IOException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private static string? Query(HttpContext ctx, string name)
    {
        StringValues v = ctx.Request.Query[name];
        return StringValues.IsNullOrEmpty(v) ? null : v.ToString();
    }
}

/// <summary>
/// Limit on media playback per tenant, on the emulator's clock: a sliding window, or fixed windows from
/// <see cref="EmulatorOptions.MediaPlaybackWindowOrigin"/>. Only answered (not throttled) requests count.
/// </summary>
internal sealed class RateLimiter(EmulatorOptions o)
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _fixed = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when allowed (and counted); else how long until a slot frees.</summary>
    public TimeSpan? TryAcquire(string tenant)
    {
        var now = o.TimeProvider.GetUtcNow();
        lock (_windows)
        {
            if (o.MediaPlaybackWindowOrigin is { } origin)
            {
                return TryAcquireFixed(tenant, origin, now);
            }

            if (!_windows.TryGetValue(tenant, out var q))
            {
                _windows[tenant] = q = new Queue<DateTimeOffset>();
            }

            while (q.Count > 0 && q.Peek() <= now - o.MediaPlaybackWindow)
            {
                q.Dequeue();
            }

            if (q.Count >= o.MediaPlaybackLimit)
            {
                var wait = q.Peek() + o.MediaPlaybackWindow - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
            }

            q.Enqueue(now);
            return null;
        }
    }

    private TimeSpan? TryAcquireFixed(string tenant, DateTimeOffset origin, DateTimeOffset now)
    {
        var length = o.MediaPlaybackWindow.Ticks;
        var index = (long)Math.Floor((now - origin).Ticks / (double)length);
        var start = origin + TimeSpan.FromTicks(index * length);
        if (start + o.MediaPlaybackWindow <= now)
        {
            start += o.MediaPlaybackWindow; // rounding of the division at a window's very end
        }

        var seen = _fixed.TryGetValue(tenant, out var w) && w.Start == start ? w.Count : 0;
        if (seen >= o.MediaPlaybackLimit)
        {
            return start + o.MediaPlaybackWindow - now;
        }

        _fixed[tenant] = (start, seen + 1);
        return null;
    }

    public void Reset()
    {
        lock (_windows)
        {
            _windows.Clear();
            _fixed.Clear();
        }
    }
}

/// <summary>Signs storage URLs with a key made at start (HMAC-SHA256 over file id and expiry).</summary>
internal sealed class StorageSigner : IDisposable
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Sign(string fileId, long expires) =>
        TokenService.Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(fileId + "\n" + expires.ToString(CultureInfo.InvariantCulture))));

    public bool Verify(string fileId, long expires, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(fileId, expires));
        var actual = Encoding.ASCII.GetBytes(signature);
        return expected.Length == actual.Length && CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    public void Dispose() => Array.Clear(_key);
}
