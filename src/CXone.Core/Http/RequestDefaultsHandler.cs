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
        public RequestDefaultsHandler(string accept, string? userAgent)
        {
            _accept = new MediaTypeWithQualityHeaderValue(accept ?? throw new ArgumentNullException(nameof(accept)));
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
