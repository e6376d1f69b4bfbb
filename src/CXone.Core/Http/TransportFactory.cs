using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;

namespace CXone.Core.Http
{
    /// <summary>
    /// Builds a session's one transport: an <see cref="HttpClientHandler"/> (the platform's stack: SocketsHttpHandler
    /// on PowerShell 7, HttpWebRequest on Windows PowerShell 5.1) with the session's proxy settings and a per-host
    /// connection limit above the largest download ThrottleLimit, under a handler that turns a proxy's 407 into
    /// <see cref="CXoneErrorKind.ProxyAuthenticationRequired"/>. On .NET Framework and Mono it first applies
    /// <see cref="NetFrameworkDefaults"/> (TLS 1.2, connection limits).
    /// </summary>
    public static class TransportFactory
    {
        /// <summary>Creates the transport; the caller owns and disposes it.</summary>
        /// <param name="proxy">The proxy settings; null: the system proxy, as for any HttpClient.</param>
        /// <returns>The innermost handler of the session's chains.</returns>
        /// <exception cref="CXoneException"><see cref="CXoneErrorKind.InvalidArgument"/>: a proxy address that is not an absolute http or https URI.</exception>
        public static HttpMessageHandler Create(CXoneProxyOptions? proxy)
        {
            NetFrameworkDefaults.EnsureApplied();
            return Wrap(new HttpClientHandler(), proxy);
        }

        /// <summary>
        /// Applies <paramref name="proxy"/> and the connection limit to <paramref name="handler"/> (a platform
        /// handler that has sent nothing yet) and puts the 407 handler over it.
        /// </summary>
        /// <param name="handler">The platform handler, for example a Mono or .NET Framework HttpClientHandler.</param>
        /// <param name="proxy">The proxy settings; null: the system proxy.</param>
        /// <returns>The handler to use as the session's transport; disposing it disposes <paramref name="handler"/>.</returns>
        /// <exception cref="CXoneException"><see cref="CXoneErrorKind.InvalidArgument"/>: a proxy address that is not an absolute http or https URI.</exception>
        public static HttpMessageHandler Wrap(HttpClientHandler handler, CXoneProxyOptions? proxy)
        {
            if (handler is null)
            {
                throw new ArgumentNullException(nameof(handler));
            }

            // Redirects are the pipeline's decision (RedirectHandler): a transport that followed one itself could carry
            // the client secret or the token to another host before anything could refuse it.
            handler.AllowAutoRedirect = false;
            RaiseConnectionLimit(handler);
            var credentials = proxy?.EffectiveCredentials;
            Uri? address = null;
            if (proxy?.NoProxy == true)
            {
                handler.UseProxy = false;
            }
            else if (proxy?.Address != null)
            {
                address = RequireProxyAddress(proxy.Address);
                handler.UseProxy = true;
                handler.Proxy = new ExplicitProxy(address) { Credentials = credentials };
            }
            else if (credentials != null)
            {
                SetDefaultProxyCredentials(handler, credentials);
            }

            return new ProxyAnswerHandler(address, credentials != null) { InnerHandler = handler };
        }

        private static Uri RequireProxyAddress(Uri address)
        {
            if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps) || address.UserInfo.Length > 0)
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "The proxy address '" + Diagnostics.Redactor.SafeUrl(address) + "' is not an absolute http or https address without user info.",
                    "Pass the proxy as -Proxy http://host:port and its credentials with -ProxyCredential.");
            }

            return address;
        }

        private static void RaiseConnectionLimit(HttpClientHandler handler)
        {
            try
            {
                if (handler.MaxConnectionsPerServer < NetFrameworkDefaults.ConnectionLimit)
                {
                    handler.MaxConnectionsPerServer = NetFrameworkDefaults.ConnectionLimit;
                }
            }
            catch (Exception e) when (e is PlatformNotSupportedException || e is NotImplementedException || e is NotSupportedException)
            {
                // .NET Framework before 4.7.1 and some Mono handlers: the ServicePoint limit applies instead.
            }
        }

        private static void SetDefaultProxyCredentials(HttpClientHandler handler, ICredentials credentials)
        {
            try
            {
                handler.DefaultProxyCredentials = credentials;
            }
            catch (Exception e) when (e is PlatformNotSupportedException || e is NotImplementedException || e is NotSupportedException)
            {
                // No such setting on this stack: give the system proxy the credentials instead.
                var system = WebRequest.DefaultWebProxy;
                if (system != null)
                {
                    system.Credentials = credentials;
                }
            }
        }

        /// <summary>One proxy for every address, loopback included (WebProxy would skip loopback targets).</summary>
        private sealed class ExplicitProxy : IWebProxy
        {
            private readonly Uri _address;

            public ExplicitProxy(Uri address) => _address = address;

            public ICredentials? Credentials { get; set; }

            public Uri GetProxy(Uri destination) => _address;

            public bool IsBypassed(Uri host) => false;
        }

        /// <summary>
        /// Turns a proxy's 407 into <see cref="CXoneErrorKind.ProxyAuthenticationRequired"/> (not retried); raises the
        /// ServicePoint limit of each host on the HttpWebRequest-based stacks.
        /// </summary>
        private sealed class ProxyAnswerHandler : DelegatingHandler
        {
            private readonly Uri? _proxy;
            private readonly bool _credentialsGiven;

            public ProxyAnswerHandler(Uri? proxy, bool credentialsGiven)
            {
                _proxy = proxy;
                _credentialsGiven = credentialsGiven;
            }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                NetFrameworkDefaults.RaiseLimitFor(request.RequestUri);
                NetFrameworkDefaults.RaiseLimitFor(_proxy);
                HttpResponseMessage response;
                try
                {
                    response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException e) when (IsProxy407(e))
                {
                    throw Refusal(request, e);
                }

                if ((int)response.StatusCode == 407)
                {
                    response.Dispose();
                    throw Refusal(request, null);
                }

                return response;
            }

            private CXoneException Refusal(HttpRequestMessage request, Exception? inner) =>
                CXoneErrors.ProxyAuthenticationRequired(
                    _proxy ?? SystemProxyFor(request.RequestUri),
                    CallText.Host(request.RequestUri),
                    CallText.What(request.Method, request.RequestUri),
                    _credentialsGiven,
                    inner);

            private static Uri? SystemProxyFor(Uri? target)
            {
                try
                {
                    var used = target is null ? null : WebRequest.DefaultWebProxy?.GetProxy(target);
                    return used is null || used == target ? null : used;
                }
                catch (Exception e) when (e is PlatformNotSupportedException || e is NotSupportedException || e is InvalidOperationException)
                {
                    return null;
                }
            }

            /// <summary>
            /// A 407 to the CONNECT of an https tunnel arrives as an exception: .NET's <c>ProxyTunnelError</c> with
            /// the status in the text, or .NET Framework's WebException whose response is the 407.
            /// </summary>
            private static bool IsProxy407(Exception error)
            {
                for (var e = error; e != null; e = e.InnerException)
                {
                    if (e is WebException web && web.Response is HttpWebResponse r && (int)r.StatusCode == 407)
                    {
                        return true;
                    }

                    if (e.Message.IndexOf("407", StringComparison.Ordinal) >= 0
                        && (e.Message.IndexOf("proxy", StringComparison.OrdinalIgnoreCase) >= 0 || e.GetType().GetProperty("HttpRequestError")?.GetValue(e)?.ToString() == "ProxyTunnelError"))
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
