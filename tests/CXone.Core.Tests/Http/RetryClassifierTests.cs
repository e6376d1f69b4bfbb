using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using CXone.Core.Errors;
using CXone.Core.Http;
using Polly;
using Polly.Timeout;

namespace CXone.Core.Tests.Http;

/// <summary>The classifier is a table: outcome and method in, retry or not out (docs/cxone-api.md section 5).</summary>
public sealed class RetryClassifierTests
{
    [Theory]
    [InlineData(429, true, true)]
    [InlineData(429, false, true)]
    [InlineData(408, true, true)]
    [InlineData(408, false, false)]
    [InlineData(500, true, true)]
    [InlineData(500, false, false)]
    [InlineData(502, true, true)]
    [InlineData(503, true, true)]
    [InlineData(503, false, false)]
    [InlineData(504, true, true)]
    [InlineData(501, true, false)]
    [InlineData(400, true, false)]
    [InlineData(401, true, false)]
    [InlineData(407, true, false)]
    [InlineData(403, true, false)]
    [InlineData(404, true, false)]
    [InlineData(200, true, false)]
    [InlineData(204, true, false)]
    public void Statuses(int status, bool idempotent, bool retried)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(retried, RetryClassifier.IsRetriable(Outcome.FromResult(response), idempotent));
    }

    public static TheoryData<Exception, bool, bool> Failures() => new()
    {
        { new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)), false, true },
        { new HttpRequestException("no such host", new SocketException((int)SocketError.HostNotFound)), false, true },
        { new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset)), true, true },
        { new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset)), false, false },
        { new IOException("dropped mid-body"), true, true },
        { new IOException("dropped mid-body"), false, false },
        { new TimeoutRejectedException("attempt timed out"), true, true },
        { new TimeoutRejectedException("attempt timed out"), false, false },
        { new OperationCanceledException(), true, false },
        { new CXoneException(CXoneErrorKind.InvalidArgument, "refused", "fix it"), true, false },
        { new InvalidOperationException("a bug"), true, false },
        { new HttpRequestException("The SSL connection could not be established, see inner exception.", new System.Security.Authentication.AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot")), true, false },
        { new HttpRequestException("The SSL connection could not be established, see inner exception.", new System.Security.Authentication.AuthenticationException("Authentication failed because the remote party sent a TLS alert: 'HandshakeFailure'.")), true, false },
        { new WebException("The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.", WebExceptionStatus.TrustFailure), true, false },
        { new HttpRequestException("The SSL connection could not be established, see inner exception.", new IOException("Received an unexpected EOF or 0 bytes from the transport stream.")), true, true },
        { new HttpRequestException("The proxy tunnel request to proxy 'http://proxy.corp:8080/' failed with status code '407'.", null, HttpStatusCode.ProxyAuthenticationRequired), true, false },
        { new HttpRequestException("The proxy tunnel request to proxy 'http://proxy.corp:8080/' failed with status code '502'.", null, HttpStatusCode.BadGateway), true, true },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failures_to_answer(Exception error, bool idempotent, bool retried)
    {
        Assert.Equal(retried, RetryClassifier.IsRetriable(Outcome.FromException<HttpResponseMessage>(error), idempotent));
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("get", true)]
    [InlineData("HEAD", true)]
    [InlineData("OPTIONS", true)]
    [InlineData("PUT", true)]
    [InlineData("DELETE", true)]
    [InlineData("TRACE", true)]
    [InlineData("POST", false)]
    [InlineData("PATCH", false)]
    [InlineData("PROPFIND", false)]
    public void Idempotent_methods(string method, bool idempotent)
    {
        Assert.Equal(idempotent, RetryClassifier.IsIdempotent(new HttpMethod(method)));
    }

    [Fact]
    public void Reasons_name_the_status_or_the_failure_without_server_controls()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("503 ServiceUnavailable", RetryClassifier.Reason(Outcome.FromResult(response)));
        Assert.Equal("attempt timed out", RetryClassifier.Reason(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
        Assert.Equal("could not connect", RetryClassifier.Reason(Outcome.FromException<HttpResponseMessage>(
            new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused)))));
        var dropped = RetryClassifier.Reason(Outcome.FromException<HttpResponseMessage>(new IOException("gone\r\nInjected: line")));
        Assert.StartsWith("connection failed: gone", dropped);
        Assert.DoesNotContain("\n", dropped);
    }

    [Theory]
    [InlineData("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot", "UntrustedRoot")]
    [InlineData("The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch", "RemoteCertificateNameMismatch")]
    [InlineData("The remote certificate is invalid because of errors in the certificate chain: NotTimeValid", "NotTimeValid")]
    [InlineData("The remote certificate is invalid because of errors in the certificate chain: RevocationStatusUnknown, OfflineRevocation", "RevocationStatusUnknown, OfflineRevocation")]
    [InlineData("The remote certificate was rejected by the provided RemoteCertificateValidationCallback.", "certificate not accepted")]
    [InlineData("Authentication failed because the remote party sent a TLS alert: 'ProtocolVersion'.", "TLS handshake failed")]
    public void A_TLS_failure_names_its_cause(string message, string cause)
    {
        var error = new HttpRequestException("The SSL connection could not be established, see inner exception.", new System.Security.Authentication.AuthenticationException(message));

        Assert.Equal(cause, TlsFailure.Cause(error));
        Assert.Contains(cause, RetryClassifier.Reason(Outcome.FromException<HttpResponseMessage>(error)));
    }
}
