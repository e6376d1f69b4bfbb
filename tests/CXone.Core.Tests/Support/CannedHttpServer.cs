using System;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Tests.Support;

/// <summary>What a <see cref="CannedHttpServer"/> received: method, path with query, Authorization header, body.</summary>
public sealed record CannedRequest(string Method, string PathAndQuery, string? Authorization, string Body);

/// <summary>
/// A loopback HTTP server that answers every request with one fixed answer, for token endpoint shapes the
/// emulator has no fault for (a 200 without access_token or with a bad expires_in), or with an answer built from
/// the request (a misbehaving proxy that echoes what it got). Real HTTP on 127.0.0.1.
/// </summary>
public sealed class CannedHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<CannedRequest, (int Status, string ContentType, string Body)> _answer;
    private int _requests;
    private CannedRequest? _last;

    public CannedHttpServer(int status, string contentType, string body)
        : this(_ => (status, contentType, body))
    {
    }

    public CannedHttpServer(Func<CannedRequest, (int Status, string ContentType, string Body)> answer)
    {
        _answer = answer;
        (_listener, BaseUri) = LoopbackListener.Start();

        _ = Task.Run(LoopAsync);
    }

    public Uri BaseUri { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The last request received, or null.</summary>
    public CannedRequest? LastRequest => Volatile.Read(ref _last);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            try
            {
                string body;
                using (var reader = new System.IO.StreamReader(context.Request.InputStream))
                {
                    body = await reader.ReadToEndAsync();
                }

                var request = new CannedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"], body);
                Volatile.Write(ref _last, request);
                var (status, contentType, text) = _answer(request);
                var bytes = Encoding.UTF8.GetBytes(text);
                context.Response.StatusCode = status;
                context.Response.ContentType = contentType;
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception)
            {
            }
        }
    }

    public void Dispose() => _listener.Close();
}
