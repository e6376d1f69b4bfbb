using System;
using System.Net.Http;
using CXone.Core.Auth;

namespace CXone.Core.Http
{
    /// <summary>
    /// Builds the handler chains every session uses (docs/architecture.md, rules of the house 5), each part with one
    /// job: the verbose line (API chain) -> defaults (<c>Accept</c>, <c>User-Agent</c>) -> deadline of streamed bodies
    /// (read-idle timeout, rest of the total budget) -> retry loop (Polly 8) -> per-attempt body buffering -> redirects
    /// (<see cref="RedirectHandler"/>) -> bearer token (per attempt) or no Authorization at all -> transport.
    /// </summary>
    /// <remarks>
    /// <para>Retries: 408, 429, 500, 502, 503, 504, connection failures and dropped or timed-out answers.
    /// Non-idempotent methods (POST, PATCH and any method other than GET, HEAD, OPTIONS, PUT, DELETE, TRACE)
    /// are retried only on 429 and on failures to connect, where the server cannot have acted. Never retried: a
    /// rejected TLS certificate or handshake (<see cref="TlsFailure"/>), a proxy's 407 (<see cref="ProxyRefusal"/>),
    /// a refused redirect.
    /// The wait is the answer's <c>Retry-After</c> (seconds or an HTTP date, whole value, never shortened; one longer
    /// than <see cref="CXoneHttpOptions.MaxDelay"/> ends the retries; docs/cxone-api.md section 5), otherwise Polly's
    /// exponential backoff with jitter (median first wait <see cref="CXoneHttpOptions.BaseDelay"/>, about doubling per
    /// attempt) capped at <see cref="CXoneHttpOptions.MaxDelay"/>; a wait that would
    /// not fit in the rest of <see cref="CXoneHttpOptions.TotalBudget"/> ends the retries. Every wait reads the given
    /// <see cref="TimeProvider"/> and is cancellable. Each retry is reported through
    /// <see cref="Diagnostics.CXoneReporting"/> (attempt, reason, delay).</para>
    /// <para>When the retries are exhausted the last answer is returned as is (the caller maps the status, see
    /// <see cref="CXoneHttpErrors"/>); a transport failure becomes <see cref="Errors.CXoneException"/> of kind
    /// <see cref="Errors.CXoneErrorKind.Timeout"/> or <see cref="Errors.CXoneErrorKind.NetworkFailure"/> naming the host.
    /// Cancellation surfaces as <see cref="OperationCanceledException"/>.</para>
    /// <para>Redirects: the transport must not follow them itself (the session's own transport has
    /// <c>AllowAutoRedirect</c> off). Discovery and token requests follow none; API calls follow up to
    /// <see cref="RedirectHandler.MaxRedirects"/> within the request's origin (scheme, host, port), GET and HEAD on any
    /// redirect, other methods on 307/308 only (method and body kept); media files follow up to as many to https
    /// addresses (plain http only to loopback hosts) without an Authorization header, and a media address over plain http
    /// to another host is refused before anything is sent. A refused redirect is <see cref="Errors.CXoneException"/> of
    /// kind <see cref="Errors.CXoneErrorKind.InvalidResponse"/> naming the origin it pointed to; it is not retried.</para>
    /// <para>Wrap the handlers with <see cref="CreateClient"/>: the pipeline enforces its own time budget, so
    /// <see cref="HttpClient.Timeout"/> must not cut it short.</para>
    /// </remarks>
    public static class CXoneHttpPipeline
    {
        /// <summary>
        /// The chain for CXone API calls: retries outside, a bearer token from <paramref name="tokens"/> on every
        /// attempt (on 401: <see cref="ITokenProvider.Invalidate"/> that token and one more try with a fresh one),
        /// then <paramref name="transport"/>. Adds <c>Accept: application/json</c> and the User-Agent when absent;
        /// buffers response bodies inside the retry loop (so a connection dropped mid-body is retried for
        /// idempotent methods) unless the call streams (see <see cref="Api.CXoneApiClient.SendToFileAsync"/>); a
        /// streamed body is read under the read-idle timeout and the rest of the total budget
        /// (see <see cref="CXoneHttpOptions.ReadIdleTimeout"/>).
        /// </summary>
        /// <param name="tokens">The session's token cache.</param>
        /// <param name="options">Retry and timeout settings (read once, here).</param>
        /// <param name="time">The clock for backoff and timeouts.</param>
        /// <param name="transport">The innermost handler (a SocketsHttpHandler or HttpClientHandler).</param>
        /// <param name="apiEndpoint">
        /// The session's API endpoint: the bearer token goes to its origin (scheme, host, port) only. Null allows any
        /// origin. Either way the token goes over https only (loopback hosts excepted, for the emulator).
        /// </param>
        /// <returns>A handler to wrap in an <see cref="HttpClient"/>; disposing it disposes <paramref name="transport"/>.</returns>
        /// <remarks>
        /// A call through the handler to any other origin, or over plain http to a host that is not loopback, throws
        /// <see cref="Errors.CXoneException"/> of kind <see cref="Errors.CXoneErrorKind.InvalidArgument"/> naming the
        /// refused origin, and nothing is sent.
        /// </remarks>
        public static HttpMessageHandler CreateApiHandler(ITokenProvider tokens, CXoneHttpOptions options, TimeProvider time, HttpMessageHandler transport, Uri? apiEndpoint = null)
        {
            if (tokens is null)
            {
                throw new ArgumentNullException(nameof(tokens));
            }

            var bearer = new BearerTokenHandler(tokens, apiEndpoint) { InnerHandler = transport ?? throw new ArgumentNullException(nameof(transport)) };
            return new CallReportHandler(time)
            {
                InnerHandler = Chain(options, time, "application/json", new ResponseBufferingHandler { InnerHandler = new RedirectHandler(RedirectRule.SameOrigin) { InnerHandler = bearer } }),
            };
        }

        /// <summary>
        /// The chain for calls without the CXone token (discovery, token endpoint): retries outside, then
        /// <paramref name="transport"/>. Never adds an Authorization header of its own (a header the caller set,
        /// such as HTTP Basic client authentication at the token endpoint, is sent unchanged).
        /// Adds <c>Accept: application/json</c> and the User-Agent when absent.
        /// </summary>
        /// <param name="options">Retry and timeout settings.</param>
        /// <param name="time">The clock for backoff and timeouts.</param>
        /// <param name="transport">The innermost handler.</param>
        /// <returns>A handler to wrap in an <see cref="HttpClient"/>.</returns>
        public static HttpMessageHandler CreateAnonymousHandler(CXoneHttpOptions options, TimeProvider time, HttpMessageHandler transport)
        {
            var never = new RedirectHandler(RedirectRule.Never) { InnerHandler = transport ?? throw new ArgumentNullException(nameof(transport)) };
            return Chain(options, time, "application/json", new ResponseBufferingHandler { InnerHandler = never });
        }

        /// <summary>
        /// The chain for media files at their temporary <c>fileToPlayUrl</c> (docs/cxone-api.md section 4):
        /// retries outside, then a handler that removes any Authorization header, then <paramref name="transport"/>.
        /// The CXone token never reaches storage. Response bodies are not buffered (downloads stream); every body is
        /// read under the read-idle timeout and the rest of the total budget (see <see cref="CXoneHttpOptions.ReadIdleTimeout"/>).
        /// </summary>
        /// <param name="options">Retry and timeout settings.</param>
        /// <param name="time">The clock for backoff and timeouts.</param>
        /// <param name="transport">The innermost handler.</param>
        /// <returns>A handler to wrap in an <see cref="HttpClient"/>.</returns>
        public static HttpMessageHandler CreateStorageHandler(CXoneHttpOptions options, TimeProvider time, HttpMessageHandler transport)
        {
            var noAuthorization = new NoAuthorizationHandler { InnerHandler = transport ?? throw new ArgumentNullException(nameof(transport)) };
            return Chain(options, time, "*/*", new RedirectHandler(RedirectRule.HttpsOnly) { InnerHandler = noAuthorization }, streamsEveryBody: true);
        }

        /// <summary>
        /// Defaults outside the retry loop, then the deadline of streamed bodies (outside the loop, so the total
        /// budget counts from the start of the call), then <paramref name="perAttempt"/> inside the loop.
        /// </summary>
        private static HttpMessageHandler Chain(CXoneHttpOptions options, TimeProvider time, string accept, HttpMessageHandler perAttempt, bool streamsEveryBody = false) =>
            new RequestDefaultsHandler(accept, (options ?? throw new ArgumentNullException(nameof(options))).UserAgent)
            {
                InnerHandler = new BodyDeadlineHandler(options, time, streamsEveryBody)
                {
                    InnerHandler = new ResilienceHandler(options, time) { InnerHandler = perAttempt },
                },
            };

        /// <summary>
        /// An <see cref="HttpClient"/> over one of the chains above with <see cref="HttpClient.Timeout"/> switched
        /// off (the pipeline's attempt timeout and total budget apply instead).
        /// </summary>
        /// <param name="handler">A handler from this class.</param>
        /// <param name="baseAddress">Optional base address (for example the API endpoint).</param>
        /// <returns>The client; disposing it disposes <paramref name="handler"/>.</returns>
        public static HttpClient CreateClient(HttpMessageHandler handler, Uri? baseAddress = null)
        {
            var client = new HttpClient(handler ?? throw new ArgumentNullException(nameof(handler)), disposeHandler: true)
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            if (baseAddress != null)
            {
                client.BaseAddress = baseAddress;
            }

            return client;
        }
    }
}
