using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Tests.NetFx;

/// <summary>
/// A tiny HTTP forward proxy on 127.0.0.1 (plain http targets only, one request per connection): it records each
/// request line and Proxy-Authorization header, and either forwards the request or answers 407 with a Basic
/// challenge (unless <see cref="AcceptedAuthorization"/> matches). For proving which requests went through a proxy.
/// </summary>
internal sealed class LoopbackProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _forward = new(new SocketsHttpHandler { UseProxy = false });
    private readonly ConcurrentQueue<(string RequestLine, string? ProxyAuthorization)> _seen = new();

    public LoopbackProxy(bool requireAuthentication)
    {
        RequireAuthentication = requireAuthentication;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = Task.Run(LoopAsync);
    }

    public Uri Address { get; }

    public bool RequireAuthentication { get; }

    /// <summary>The Proxy-Authorization value that passes, for example <c>Basic dXNlcjpwYXNz</c>.</summary>
    public string? AcceptedAuthorization { get; init; }

    public IReadOnlyList<(string RequestLine, string? ProxyAuthorization)> Seen => _seen.ToArray();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _forward.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var stream = client.GetStream();
            try
            {
                while (await ServeOneAsync(stream, timeout.Token))
                {
                }
            }
            catch (Exception e) when (e is IOException || e is OperationCanceledException || e is SocketException)
            {
            }
        }
    }

    private async Task<bool> ServeOneAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = await ReadHeadAsync(stream, ct);
        if (head is null)
        {
            return false;
        }

        var lines = head.Split("\r\n");
        var headers = lines.Skip(1).Where(l => l.Contains(':')).Select(l => (Name: l[..l.IndexOf(':')].Trim(), Value: l[(l.IndexOf(':') + 1)..].Trim())).ToList();
        string? Header(string name) => headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
        var length = int.TryParse(Header("Content-Length"), out var n) ? n : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, ct);
        var authorization = Header("Proxy-Authorization");
        _seen.Enqueue((lines[0], authorization));

        if (RequireAuthentication && (AcceptedAuthorization is null || authorization != AcceptedAuthorization))
        {
            await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n", Array.Empty<byte>(), ct);
            return true;
        }

        var parts = lines[0].Split(' ');
        using var request = new HttpRequestMessage(new HttpMethod(parts[0]), parts[1]);
        if (length > 0)
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in headers)
        {
            if (name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _forward.SendAsync(request, ct);
        var answer = await response.Content.ReadAsByteArrayAsync(ct);
        var text = new StringBuilder($"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\n");
        foreach (var h in response.Headers.Concat(response.Content.Headers))
        {
            if (!h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                text.Append(h.Key).Append(": ").Append(string.Join(", ", h.Value)).Append("\r\n");
            }
        }

        text.Append("Content-Length: ").Append(answer.Length).Append("\r\nConnection: close\r\n\r\n");
        await WriteAsync(stream, text.ToString(), answer, ct);
        return false;
    }

    private static async Task WriteAsync(NetworkStream stream, string head, byte[] body, CancellationToken ct)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            var c = buffer.Count;
            if (c >= 4 && buffer[c - 4] == '\r' && buffer[c - 3] == '\n' && buffer[c - 2] == '\r' && buffer[c - 1] == '\n')
            {
                return Encoding.ASCII.GetString(buffer.ToArray(), 0, c - 4);
            }
        }

        return null;
    }
}
