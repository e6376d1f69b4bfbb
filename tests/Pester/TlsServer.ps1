# A TLS server on 127.0.0.1 with a self-signed certificate made in-process, for what a person sees when a server's
# certificate is not trusted. It counts the TCP connections it accepted (one per attempt). Dot-source it:
# . ./tests/Pester/TlsServer.ps1 ; $server = Start-TlsTestServer ; ... ; $server.Dispose()

if (-not ('CXoneTests.TlsTestServer' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace CXoneTests
{
    public sealed class TlsTestServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly X509Certificate2 _certificate;
        private int _connections;

        public TlsTestServer(string name)
        {
            using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            {
                var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
                var san = new SubjectAlternativeNameBuilder();
                IPAddress ip;
                if (IPAddress.TryParse(name, out ip)) { san.AddIpAddress(ip); } else { san.AddDnsName(name); }
                request.CertificateExtensions.Add(san.Build());
                using (var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7)))
                {
                    _certificate = X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
                }
            }

            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            Task.Run(LoopAsync);
        }

        public int Port { get; private set; }

        public int Connections { get { return Volatile.Read(ref _connections); } }

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { return; }
                Interlocked.Increment(ref _connections);
                var _ = Task.Run(async () =>
                {
                    using (client)
                    using (var ssl = new SslStream(client.GetStream()))
                    using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
                    {
                        try { await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, timeout.Token); }
                        catch (Exception) { }
                    }
                });
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
'@
}

function Start-TlsTestServer {
    <# .SYNOPSIS A TLS server on 127.0.0.1 whose self-signed certificate is for -Name (default 127.0.0.1). #>
    param([string] $Name = '127.0.0.1')
    [CXoneTests.TlsTestServer]::new($Name)
}
