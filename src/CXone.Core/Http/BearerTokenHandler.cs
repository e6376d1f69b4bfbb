using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Diagnostics;

namespace CXone.Core.Http
{
    /// <summary>
    /// Sets the bearer token on every attempt, asking the token cache each time (shared/design.md rule 4).
    /// On 401 it invalidates exactly that token and tries once more with a fresh one.
    /// </summary>
    internal sealed class BearerTokenHandler : DelegatingHandler
    {
        private readonly ITokenProvider _tokens;

        public BearerTokenHandler(ITokenProvider tokens) => _tokens = tokens;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
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
            var m = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
            foreach (var h in request.Headers)
            {
                m.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }

            return m;
        }
    }

    /// <summary>Removes any Authorization header: media storage never sees the CXone token.</summary>
    internal sealed class NoAuthorizationHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = null;
            request.Headers.Remove("Authorization");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
