using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Auth;

namespace CXone.Core.Http
{
    /// <summary>
    /// Builds the handler chains every session uses (shared/design.md rule 5):
    /// resilience (outer) -> bearer token (per attempt) -> transport.
    /// </summary>
    /// <remarks>
    /// SKELETON: the signatures are the contract between the authentication and requests layers; the requests
    /// issue replaces these bodies with the Polly pipeline.
    /// </remarks>
    public static class CXoneHttpPipeline
    {
        /// <summary>
        /// The chain for CXone API calls: retries outside, a bearer token from <paramref name="tokens"/> on every
        /// attempt (one re-authentication on 401), then <paramref name="transport"/>.
        /// </summary>
        /// <param name="tokens">The session's token cache.</param>
        /// <param name="options">Retry and timeout settings.</param>
        /// <param name="time">The clock for backoff and timeouts.</param>
        /// <param name="transport">The innermost handler (a SocketsHttpHandler or HttpClientHandler).</param>
        /// <returns>A handler to wrap in an <see cref="HttpClient"/>; disposing it disposes <paramref name="transport"/>.</returns>
        public static HttpMessageHandler CreateApiHandler(ITokenProvider tokens, CXoneHttpOptions options, TimeProvider time, HttpMessageHandler transport)
        {
            return new BearerStub(tokens) { InnerHandler = transport };
        }

        /// <summary>
        /// The chain for calls without the CXone token (discovery, token endpoint): retries outside, then
        /// <paramref name="transport"/>. Never adds an Authorization header of its own.
        /// </summary>
        public static HttpMessageHandler CreateAnonymousHandler(CXoneHttpOptions options, TimeProvider time, HttpMessageHandler transport)
        {
            return new PassThrough { InnerHandler = transport };
        }

        private sealed class PassThrough : DelegatingHandler
        {
        }

        private sealed class BearerStub : DelegatingHandler
        {
            private readonly ITokenProvider _tokens;

            public BearerStub(ITokenProvider tokens) => _tokens = tokens;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
                request.Headers.Authorization = new AuthenticationHeaderValue(token.TokenType, token.Token);
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
