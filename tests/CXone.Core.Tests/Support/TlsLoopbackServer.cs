using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Tests.Support;

/// <summary>
/// A TLS server on 127.0.0.1 (SslStream over a TcpListener) with a self-signed certificate made in-process, for
/// certificate failures: it counts the connections it accepted (one per attempt) and answers a handshake that
/// succeeds with a small JSON 200.
/// </summary>
internal sealed class TlsLoopbackServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    /// <param name="dnsName">The name the certificate is for (its subject and only subject alternative name; an IP address becomes an IP entry).</param>
    public TlsLoopbackServer(string dnsName)
    {
        Certificate = CreateCertificate(dnsName);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary>https://127.0.0.1:PORT/</summary>
    public Uri BaseUri => new($"https://127.0.0.1:{Port}/");

    /// <summary>The server's certificate (public part), for a client that chooses to trust it.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private static X509Certificate2 CreateCertificate(string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(dnsName, out var ip))
        {
            san.AddIpAddress(ip);
        }
        else
        {
            san.AddDnsName(dnsName);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        // Through PKCS#12 so that the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
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

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                using var ssl = new SslStream(client.GetStream());
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, timeout.Token);
                var buffer = new byte[8192];
                _ = await ssl.ReadAsync(buffer, timeout.Token);
                const string body = "{\"ok\":true}";
                var answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.Length + "\r\n\r\n" + body;
                await ssl.WriteAsync(Encoding.ASCII.GetBytes(answer), timeout.Token);
            }
            catch (Exception)
            {
                // The client rejected the certificate (the point of most tests) or went away.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
