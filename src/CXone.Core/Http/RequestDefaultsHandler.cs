using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Http
{
    /// <summary>
    /// Adds the headers every call carries when the caller set none: <c>Accept</c> (JSON for the API and the
    /// identity provider, anything for media storage) and the module's <c>User-Agent</c>. A header the caller set
    /// is left alone.
    /// </summary>
    internal sealed class RequestDefaultsHandler : DelegatingHandler
    {
        private readonly MediaTypeWithQualityHeaderValue _accept;
        private readonly string? _userAgent;

        /// <param name="accept">The media type for <c>Accept</c>, for example <c>application/json</c>.</param>
        /// <param name="userAgent">The <c>User-Agent</c> value; null or empty sends none.</param>
        /// <exception cref="ArgumentException"><paramref name="userAgent"/> holds a line break or another control
        /// character: it is sent without the header parser's checks, so it would add text to every request on the wire.</exception>
        public RequestDefaultsHandler(string accept, string? userAgent)
        {
            _accept = new MediaTypeWithQualityHeaderValue(accept ?? throw new ArgumentNullException(nameof(accept)));
            foreach (var c in userAgent ?? string.Empty)
            {
                if ((c < 0x20 && c != '\t') || c == 0x7F)
                {
                    throw new ArgumentException("The User-Agent holds a line break or another control character; set CXoneHttpOptions.UserAgent to one line of text.", nameof(userAgent));
                }
            }

            _userAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Accept.Count == 0)
            {
                request.Headers.Accept.Add(_accept);
            }

            if (_userAgent != null && request.Headers.UserAgent.Count == 0)
            {
                request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
