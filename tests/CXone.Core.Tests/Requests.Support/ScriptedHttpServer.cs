using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Requests.Support;

/// <summary>One request as a <see cref="ScriptedHttpServer"/> received it.</summary>
internal sealed record ReceivedRequest(string Method, Uri Url, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A loopback HTTP server (real HTTP on 127.0.0.1) that answers with a script, for answer shapes the emulator has no
/// switch for: an error whose message is only in the <c>icStatusDescription</c> header, a next-page link to another
/// host, a body shorter than its Content-Length. It records every request it receives.
/// </summary>
internal sealed class ScriptedHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerContext, ReceivedRequest, Task> _answer;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    public ScriptedHttpServer(Func<HttpListenerContext, ReceivedRequest, Task> answer)
    {
        _answer = answer;
        (_listener, BaseUri) = LoopbackListener.Start();

        _ = Task.Run(LoopAsync);
    }

    public Uri BaseUri { get; }

    public IReadOnlyList<ReceivedRequest> Received => _received.ToArray();

    /// <summary>Writes a whole answer.</summary>
    public static async Task WriteAsync(HttpListenerContext ctx, int status, string contentType, string body, IDictionary<string, string>? headers = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        if (headers != null)
        {
            foreach (var h in headers)
            {
                ctx.Response.Headers[h.Key] = h.Value;
            }
        }

        ctx.Response.ContentLength64 = bytes.Length;
        await ctx.Response.OutputStream.WriteAsync(bytes);
        ctx.Response.Close();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    string body;
                    using (var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8))
                    {
                        body = await reader.ReadToEndAsync();
                    }

                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var key in ctx.Request.Headers.AllKeys)
                    {
                        if (key != null)
                        {
                            headers[key] = ctx.Request.Headers[key] ?? string.Empty;
                        }
                    }

                    var received = new ReceivedRequest(ctx.Request.HttpMethod, ctx.Request.Url!, headers, body);
                    _received.Enqueue(received);
                    await _answer(ctx, received);
                }
                catch (Exception)
                {
                    try
                    {
                        ctx.Response.Abort();
                    }
                    catch (Exception)
                    {
                    }
                }
            });
        }
    }

    public void Dispose() => _listener.Close();
}

/// <summary>A fixed bearer token, for pipelines pointed at a <see cref="ScriptedHttpServer"/> (no issuer there).</summary>
internal sealed class FixedTokens : ITokenProvider
{
    public const string Value = "fixed-test-token";

    public Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new AccessToken(Value, "Bearer", DateTimeOffset.MaxValue, DateTimeOffset.MaxValue));

    public void Invalidate(AccessToken rejected)
    {
    }
}

/// <summary>An API client with the session's real pipeline (fixed token, default or given options and clock) pointed at a scripted server.</summary>
internal sealed class ScriptedApi : IDisposable
{
    private readonly System.Net.Http.HttpClient _http;

    public ScriptedApi(ScriptedHttpServer server, CXone.Core.Http.CXoneHttpOptions? options = null, TimeProvider? time = null)
    {
        options ??= new CXone.Core.Http.CXoneHttpOptions();
        _http = CXone.Core.Http.CXoneHttpPipeline.CreateClient(CXone.Core.Http.CXoneHttpPipeline.CreateApiHandler(
            new FixedTokens(), options, time ?? TimeProvider.System, new System.Net.Http.SocketsHttpHandler()));
        Api = new CXone.Core.Api.CXoneApiClient(_http, server.BaseUri, options);
    }

    public CXone.Core.Api.CXoneApiClient Api { get; }

    public void Dispose() => _http.Dispose();
}
