using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using Polly;
using Polly.Timeout;

namespace CXone.Core.Http
{
    /// <summary>
    /// Which outcomes of one attempt are worth another (docs/cxone-api.md section 5). A pure function of the
    /// outcome and the method: no clock, no state, no waiting.
    /// </summary>
    /// <remarks>
    /// Retried: 429 always; 408, 500, 502, 503, 504 for idempotent methods; failures to connect always (the server
    /// cannot have acted); dropped or timed-out answers for idempotent methods. Never: any other status, a
    /// <see cref="CXoneException"/> (already classified, for example a refused redirect), a rejected TLS certificate
    /// or handshake (<see cref="TlsFailure"/>), a proxy's 407 (<see cref="ProxyRefusal"/>), cancellation by the caller.
    /// </remarks>
    internal static class RetryClassifier
    {
        /// <summary>Whether <paramref name="method"/> may be sent twice without changing the result (RFC 9110 section 9.2.2).</summary>
        public static bool IsIdempotent(HttpMethod method)
        {
            var m = method.Method;
            return Is(m, "GET") || Is(m, "HEAD") || Is(m, "OPTIONS") || Is(m, "PUT") || Is(m, "DELETE") || Is(m, "TRACE");
        }

        /// <summary>Whether the attempt that ended in <paramref name="outcome"/> should be retried.</summary>
        public static bool IsRetriable(Outcome<HttpResponseMessage> outcome, bool idempotent)
        {
            if (outcome.Exception is { } error)
            {
                if (error is CXoneException || (error is OperationCanceledException && !(error is TimeoutRejectedException)) || TlsFailure.Is(error) || ProxyRefusal.IsAuthenticationRequired(error) || TransportFailures.IsPermanent(error))
                {
                    // A rejected certificate or handshake, or a proxy that wants credentials, fails the same way every time: report it at once.
                    return false;
                }

                return IsConnectFailure(error)
                    || (idempotent && (error is HttpRequestException || error is IOException || error is TimeoutRejectedException));
            }

            if (!(outcome.Result is { } response))
            {
                return false;
            }

            var status = (int)response.StatusCode;
            return status == 429 || (idempotent && (status == 408 || status == 500 || status == 502 || status == 503 || status == 504));
        }

        /// <summary>Why an attempt failed, for the retry's verbose line ("503 ServiceUnavailable", "could not connect").</summary>
        public static string Reason(Outcome<HttpResponseMessage> outcome)
        {
            if (outcome.Exception is { } error)
            {
                return error is TimeoutRejectedException ? "attempt timed out"
                    : TlsFailure.Cause(error) is { } tls ? "TLS certificate or handshake rejected (" + tls + ")"
                    : ProxyRefusal.IsAuthenticationRequired(error) ? "the proxy answered 407 Proxy Authentication Required"
                    : IsConnectFailure(error) ? "could not connect"
                    : "connection failed: " + Redactor.Excerpt(TransportFailures.Describe(error), 200);
            }

            return outcome.Result is { } response
                ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) + " " + response.StatusCode
                : "no answer";
        }

        /// <summary>Whether <paramref name="error"/> (or an inner exception) is a failure to reach the server at all.</summary>
        public static bool IsConnectFailure(Exception error)
        {
            if (TransportFailures.IsWebConnectFailure(error))
            {
                return true; // .NET Framework and Mono: WebException ConnectFailure / NameResolutionFailure
            }

            for (var e = error; e != null; e = e.InnerException)
            {
                if (e is SocketException se)
                {
                    switch (se.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.NetworkDown:
                        case SocketError.TryAgain:
                        case SocketError.AddressNotAvailable:
                            return true;
                    }
                }

                if (e is HttpRequestException)
                {
                    // .NET 8+ tells the kind of failure; netstandard2.0 cannot see the property at compile time.
                    var kind = e.GetType().GetProperty("HttpRequestError")?.GetValue(e)?.ToString();
                    if (kind == "ConnectionError" || kind == "NameResolutionError")
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool Is(string method, string name) => string.Equals(method, name, StringComparison.OrdinalIgnoreCase);
    }
}
