using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Tests.Support;

/// <summary>
/// A loopback HTTP server that answers every request with one fixed answer, for token endpoint shapes the
/// emulator has no fault for (a 200 without access_token or with a bad expires_in). Real HTTP on 127.0.0.1.
/// </summary>
public sealed class CannedHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly int _status;
    private readonly string _contentType;
    private readonly string _body;
    private int _requests;

    public CannedHttpServer(int status, string contentType, string body)
    {
        _status = status;
        _contentType = contentType;
        _body = body;
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseUri = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(BaseUri.AbsoluteUri);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _ = Task.Run(LoopAsync);
    }

    public Uri BaseUri { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

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
                using (var reader = new System.IO.StreamReader(context.Request.InputStream))
                {
                    await reader.ReadToEndAsync();
                }

                var bytes = Encoding.UTF8.GetBytes(_body);
                context.Response.StatusCode = _status;
                context.Response.ContentType = _contentType;
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
