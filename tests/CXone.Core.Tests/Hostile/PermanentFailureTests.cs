using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;
using CXone.Core.Tests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Hostile;

/// <summary>
/// Failures that do not go away by trying again are reported at once with their real cause: a certificate this
/// computer does not trust, a certificate for another name. A Timeout says how the last attempt ended.
/// </summary>
public sealed class PermanentFailureTests
{
    [Fact]
    public async Task An_untrusted_certificate_at_connect_is_one_attempt_naming_UntrustedRoot()
    {
        await using var h = await AuthHarness.StartAsync();
        using var tls = new TlsLoopbackServer("127.0.0.1");
        using var listen = h.Listen();
        var options = h.Options();
        options.Issuer = tls.BaseUri;
        options.Http = new CXoneHttpOptions(); // the default retries: none may apply

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXone.Core.CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.NetworkFailure, ex.Kind);
        Assert.Contains("UntrustedRoot", ex.Message);
        Assert.Contains("trusted root store", ex.RecommendedAction);
        Assert.DoesNotContain("DNS", ex.RecommendedAction);
        Assert.Equal(1, tls.Connections);
        Assert.DoesNotContain(h.Reports.Lines, l => l.Contains("retrying"));
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_one_attempt_naming_the_name_mismatch()
    {
        await using var h = await AuthHarness.StartAsync();
        using var tls = new TlsLoopbackServer("wrong.example");

        // This client trusts the test certificate as a root, so the name is the only thing wrong with it.
        using var transport = new SocketsHttpHandler { AllowAutoRedirect = false };
        transport.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        transport.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(tls.Certificate);
        var options = h.Options();
        options.Issuer = tls.BaseUri;
        options.Transport = transport;
        options.Http = new CXoneHttpOptions();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXone.Core.CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.NetworkFailure, ex.Kind);
        Assert.Contains("RemoteCertificateNameMismatch", ex.Message);
        Assert.Contains("another host name", ex.RecommendedAction);
        Assert.Equal(1, tls.Connections);
    }

    [Fact]
    public async Task An_api_call_to_an_untrusted_certificate_is_not_retried()
    {
        await using var h = await AuthHarness.StartAsync();
        using var tls = new TlsLoopbackServer("127.0.0.1");
        var options = h.Options();
        options.ApiEndpoint = tls.BaseUri;
        options.Http = new CXoneHttpOptions();
        using var session = await CXone.Core.CXoneSession.ConnectAsync(options);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => session.Api.SendAsync(new CXoneRequest(HttpMethod.Get, "inContactAPI/services/v30.0/agents"), CancellationToken.None));

        Assert.Equal(CXoneErrorKind.NetworkFailure, ex.Kind);
        Assert.Contains("UntrustedRoot", ex.Message);
        Assert.DoesNotContain("attempts", ex.Message);
        Assert.Equal(1, tls.Connections);
    }

    [Fact]
    public async Task A_proxy_that_answers_407_to_the_tunnel_is_asked_once_and_named()
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var connections = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await proxy.AcceptTcpClientAsync();
                }
                catch (Exception)
                {
                    return;
                }

                Interlocked.Increment(ref connections);
                using (client)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[4096];
                    _ = await stream.ReadAsync(buffer);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n"));
                }
            }
        });
        var api = new Uri("https://api-na1.niceincontact.com/");
        var options = new CXoneHttpOptions { BaseDelay = TimeSpan.FromMilliseconds(10) }; // a retry would come at once
        var transport = new SocketsHttpHandler { Proxy = new WebProxy("http://127.0.0.1:" + ((IPEndPoint)proxy.LocalEndpoint).Port), UseProxy = true, AllowAutoRedirect = false };
        using var http = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateApiHandler(new FixedTokens(), options, TimeProvider.System, transport, api), api);
        var client = new CXone.Core.Api.CXoneApiClient(http, api, options);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => client.SendAsync(new CXoneRequest(HttpMethod.Get, Routes.ServerTimePath), CancellationToken.None));

        Assert.Equal(CXoneErrorKind.ProxyAuthenticationRequired, ex.Kind);
        Assert.Contains("asked for credentials (407 Proxy Authentication Required)", ex.Message);
        Assert.Contains("-ProxyCredential", ex.RecommendedAction);
        Assert.Equal(1, Volatile.Read(ref connections));
    }

    [Fact]
    public async Task A_Timeout_after_retries_names_how_the_last_attempt_and_the_one_before_ended()
    {
        await using var w = await RequestsWorld.StartAsync(http: o => o.TotalBudget = TimeSpan.FromSeconds(20));
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.ServiceUnavailable, count: 1);
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.Hang, count: 1);

        var call = w.Api.SendAsync(new CXoneRequest(HttpMethod.Get, Routes.ServerTimePath), CancellationToken.None);
        for (var guard = 0; w.ApiWire.Requests.Count < 2 || w.ApiWire.InFlight == 0; guard++)
        {
            Assert.True(guard < 20_000, "the second attempt never left");
            if (w.ApiWire.InFlight == 0 && w.Clock.ActiveTimerCount > 0)
            {
                w.Clock.Advance(TimeSpan.FromMilliseconds(100));
            }

            await Task.Delay(1);
        }

        w.Clock.Advance(TimeSpan.FromSeconds(21));
        var ex = await Assert.ThrowsAsync<CXoneException>(() => call);

        Assert.Equal(CXoneErrorKind.Timeout, ex.Kind);
        Assert.Contains("timed out after 2 attempts; the last attempt was still waiting for an answer when the total budget of 20 s ran out", ex.Message);
        Assert.Contains("the attempt before was answered 503 ServiceUnavailable", ex.Message);
    }

    [Fact]
    public async Task A_Timeout_of_a_single_attempt_says_it_got_no_answer_within_the_attempt_timeout()
    {
        await using var w = await RequestsWorld.StartAsync(http: o =>
        {
            o.MaxRetries = 0;
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
        });
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.Hang, count: 1);

        var call = w.Api.SendAsync(new CXoneRequest(HttpMethod.Get, Routes.ServerTimePath), CancellationToken.None);
        for (var guard = 0; w.ApiWire.InFlight == 0; guard++)
        {
            Assert.True(guard < 20_000, "the request never left");
            await Task.Delay(1);
        }

        w.Clock.Advance(TimeSpan.FromSeconds(11));
        var ex = await Assert.ThrowsAsync<CXoneException>(() => call);

        Assert.Equal(CXoneErrorKind.Timeout, ex.Kind);
        Assert.Contains("timed out; it got no answer within 10 s (the attempt timeout).", ex.Message);
    }
}
