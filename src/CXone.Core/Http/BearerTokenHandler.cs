using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Http
{
    /// <summary>
    /// Sets the bearer token on every attempt, asking the token cache each time (docs/architecture.md, rules of the
    /// house 4). On 401 it invalidates exactly that token and tries once more with a fresh one.
    /// </summary>
    /// <remarks>
    /// Defence in depth: the token goes only to the session's API endpoint (same scheme, host and port) and only
    /// over https (loopback hosts excepted, for the emulator and local tests). Any other request is refused before
    /// the token is asked for: <see cref="CXoneException"/> of kind <see cref="CXoneErrorKind.InvalidArgument"/>
    /// naming the refused origin, and nothing is sent.
    /// </remarks>
    internal sealed class BearerTokenHandler : DelegatingHandler
    {
        private readonly ITokenProvider _tokens;
        private readonly Uri? _apiEndpoint;

        /// <param name="tokens">The session's token cache.</param>
        /// <param name="apiEndpoint">The only origin the token may go to; null checks only the scheme.</param>
        public BearerTokenHandler(ITokenProvider tokens, Uri? apiEndpoint = null)
        {
            _tokens = tokens;
            _apiEndpoint = apiEndpoint;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            TokenOriginGuard.Check(request.RequestUri, _apiEndpoint);
            var template = RequestTemplate.Of(request);
            if (template is null && request.Content != null)
            {
                // Used outside the resilience handler: keep the body so that the one re-authentication can resend it.
                template = await RequestTemplate.CreateAsync(request).ConfigureAwait(false);
            }

            var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue(token.TokenType, token.Token);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return response;
            }

            _tokens.Invalidate(token);
            var fresh = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            if (fresh.Token == token.Token)
            {
                // The provider cannot renew (for example a token the user brought): the 401 stands.
                return response;
            }

            CXoneReporting.Verbose(request.Method + " " + Redactor.SafeUrl(request.RequestUri) + " answered 401: renewed the access token, trying once more.");
            var retry = template != null ? template.Create() : Clone(request);
            retry.Headers.Authorization = new AuthenticationHeaderValue(fresh.TokenType, fresh.Token);
            response.Dispose();
            return await base.SendAsync(retry, cancellationToken).ConfigureAwait(false);
        }

        private static HttpRequestMessage Clone(HttpRequestMessage request)
        {
            // A request without a body: headers and the call's properties (a download stays unbuffered) carry over.
            var m = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
            foreach (var h in request.Headers)
            {
                m.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }

            foreach (var p in request.Properties)
            {
                m.Properties[p.Key] = p.Value;
            }

            return m;
        }
    }

    /// <summary>Where the bearer token may go: https (or a loopback host) to the API endpoint's origin only.</summary>
    internal static class TokenOriginGuard
    {
        /// <summary>Throws unless a token may be attached to a request for <paramref name="uri"/>.</summary>
        /// <exception cref="CXoneException">InvalidArgument: not https to a non-loopback host, or another origin than <paramref name="apiEndpoint"/>.</exception>
        public static void Check(Uri? uri, Uri? apiEndpoint)
        {
            if (uri is null || !uri.IsAbsoluteUri)
            {
                throw Refused("a request without an absolute address", "Send CXone API calls through the session, with a path relative to its API endpoint.");
            }

            var https = string.Equals(uri.Scheme, "https", StringComparison.OrdinalIgnoreCase);
            if (!https && !(IsLoopback(uri) && string.Equals(uri.Scheme, "http", StringComparison.OrdinalIgnoreCase)))
            {
                throw Refused(Origin(uri), "The access token is sent over https only; use the https address of the API endpoint.");
            }

            if (apiEndpoint != null && !SameOrigin(uri, apiEndpoint))
            {
                throw Refused(Origin(uri), "The access token is sent to the session's API endpoint (" + Origin(apiEndpoint)
                    + ") only; use a path relative to it, or fetch other addresses without the session.");
            }
        }

        /// <summary>Whether <paramref name="uri"/> names this machine: 127.0.0.0/8, ::1 or localhost.</summary>
        public static bool IsLoopback(Uri uri)
        {
            var host = uri.IdnHost.Trim('[', ']');
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
        }

        /// <summary>Whether both addresses have the same scheme, host and port.</summary>
        public static bool SameOrigin(Uri a, Uri b) =>
            string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port;

        /// <summary>"scheme://host:port", sanitised: never a path, query or user information.</summary>
        public static string Origin(Uri uri) => Redactor.Sanitize(uri.Scheme + "://" + uri.IdnHost + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        private static CXoneException Refused(string origin, string action) =>
            new CXoneException(CXoneErrorKind.InvalidArgument, "Refused to send the access token to " + origin + ".", action);
    }
}
