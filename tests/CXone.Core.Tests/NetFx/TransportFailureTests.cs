using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Support;
using Polly;

namespace CXone.Core.Tests.NetFx;

/// <summary>
/// .NET Framework's and Mono's WebException failures are classified like modern .NET's, and a NetworkFailure
/// quotes the innermost cause (the outer text is only "An error occurred while sending the request").
/// </summary>
public sealed class TransportFailureTests
{
    private static HttpRequestException Framework(WebExceptionStatus status, string text, Exception? inner = null) =>
        new("An error occurred while sending the request.", new WebException(text, inner, status, null));

    public static TheoryData<WebExceptionStatus, bool, bool> Statuses() => new()
    {
        // status, idempotent, retried
        { WebExceptionStatus.ConnectFailure, false, true },
        { WebExceptionStatus.NameResolutionFailure, false, true },
        { WebExceptionStatus.ProxyNameResolutionFailure, false, true },
        { WebExceptionStatus.ConnectionClosed, true, true },
        { WebExceptionStatus.ConnectionClosed, false, false },
        { WebExceptionStatus.ReceiveFailure, true, true },
        { WebExceptionStatus.KeepAliveFailure, true, true },
        { WebExceptionStatus.SendFailure, true, true },
        { WebExceptionStatus.Timeout, true, true },
        { WebExceptionStatus.SecureChannelFailure, true, false },
        { WebExceptionStatus.TrustFailure, true, false },
        { WebExceptionStatus.ServerProtocolViolation, true, false },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void WebException_statuses_are_retried_like_socket_failures(WebExceptionStatus status, bool idempotent, bool retried)
    {
        var error = Framework(status, "The underlying connection failed");

        Assert.Equal(retried, RetryClassifier.IsRetriable(Outcome.FromException<HttpResponseMessage>(error), idempotent));
    }

    [Fact]
    public void A_name_resolution_failure_is_a_connect_failure_without_any_socket_exception()
    {
        Assert.True(RetryClassifier.IsConnectFailure(Framework(WebExceptionStatus.NameResolutionFailure, "The remote name could not be resolved: 'cxone.example'")));
        Assert.False(RetryClassifier.IsConnectFailure(Framework(WebExceptionStatus.ReceiveFailure, "The underlying connection was closed")));
    }

    [Fact]
    public void The_message_quotes_the_status_and_the_innermost_cause()
    {
        var error = Framework(
            WebExceptionStatus.ConnectFailure,
            "Unable to connect to the remote server",
            new SocketException((int)SocketError.ConnectionRefused));

        var e = CXoneErrors.FromTransport(error, "api-na1.example:443", "GET /inContactAPI/services/v30.0/server-time", 6);

        Assert.Equal(CXoneErrorKind.NetworkFailure, e.Kind);
        Assert.Contains("An error occurred while sending the request (ConnectFailure)", e.Message);
        Assert.Contains(new SocketException((int)SocketError.ConnectionRefused).Message, e.Message);
        Assert.Contains("after 6 attempts", e.Message);
    }

    [Fact]
    public void The_innermost_cause_is_sanitised()
    {
        var error = Framework(WebExceptionStatus.NameResolutionFailure, "The remote name could not be resolved", new IOException("bad\r\nForged: line \u001b[31mred"));

        var text = TransportFailures.Describe(error);

        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", text, StringComparison.Ordinal);
        Assert.Contains("Forged: line", text);
    }

    [Fact]
    public async Task A_refused_connection_over_real_http_names_the_host_and_the_cause()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = new CXoneSessionOptions
        {
            Issuer = new Uri($"http://127.0.0.1:{port}/"),
            ClientId = "client",
            ClientSecret = "Refused+Canary/Secret==",
            Credential = new CXone.Core.Auth.AccessKeyCredential("refused-key-id", "Refused+Canary/Key=="),
            Http = new CXoneHttpOptions { MaxRetries = 0 },
            DiscoveryCache = new CXone.Core.Auth.CXoneDiscoveryCache(),
        };

        var e = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.NetworkFailure, e.Kind);
        Assert.Contains("127.0.0.1:" + port, e.Message);
        Assert.Contains(new SocketException((int)SocketError.ConnectionRefused).Message, e.Message);
    }
}
