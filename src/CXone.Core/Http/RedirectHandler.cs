using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Http
{
    /// <summary>Which redirects a chain of <see cref="CXoneHttpPipeline"/> follows (docs/cxone-api.md section 5).</summary>
    internal enum RedirectRule
    {
        /// <summary>Discovery and the token endpoint: none. A redirect could carry the client secret and the grant elsewhere.</summary>
        Never,

        /// <summary>API calls: within the request's origin only; GET and HEAD on any redirect, other methods on 307/308 only.</summary>
        SameOrigin,

        /// <summary>Media storage: to https addresses (plain http to loopback hosts only), never with an Authorization header.</summary>
        HttpsOnly,
    }

    /// <summary>
    /// Follows or refuses the redirects of one attempt by the chain's <see cref="RedirectRule"/>; the transport
    /// itself must not follow any (the session's own transport has <c>AllowAutoRedirect</c> off), so that no secret
    /// is sent to an address this handler did not vouch for.
    /// </summary>
    /// <remarks>
    /// A refused redirect is <see cref="CXoneException"/> of kind <see cref="CXoneErrorKind.InvalidResponse"/>
    /// naming the origin it pointed to (never its path or query: a signed URL carries its signature there), and
    /// nothing is sent there. So is a redirect without a usable <c>Location</c>, more than
    /// <see cref="MaxRedirects"/> in a row, and an answer that a transport following redirects on its own fetched
    /// from an address the rule refuses. On the storage chain the first request is held to the same rule.
    /// </remarks>
    internal sealed class RedirectHandler : DelegatingHandler
    {
        /// <summary>The most redirects followed for one attempt.</summary>
        public const int MaxRedirects = 5;

        private readonly RedirectRule _rule;

        public RedirectHandler(RedirectRule rule) => _rule = rule;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_rule == RedirectRule.HttpsOnly && StorageRefusal(request.RequestUri) is { } plain)
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidResponse,
                    "Refused to fetch the media file from " + Origin(request.RequestUri) + ": " + plain + ".",
                    "Media files are fetched over https only: the address came from CXone (fileToPlayUrl); if a proxy rewrites it, fix the proxy. Try again later.",
                    host: CallText.Host(request.RequestUri));
            }

            var current = request;
            for (var followed = 0; ; followed++)
            {
                // Read before sending: a transport that follows redirects itself rewrites the message's address.
                var from = current.RequestUri!;
                var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
                CheckLanded(response, from);
                if (!IsRedirect(response.StatusCode))
                {
                    return response;
                }

                var status = (int)response.StatusCode;
                var location = response.Headers.Location;
                response.Dispose();
                var target = location is null ? null : location.IsAbsoluteUri ? location : new Uri(from, location);
                var refusal = target is null ? "without a usable Location"
                    : followed >= MaxRedirects ? "after " + MaxRedirects.ToString(CultureInfo.InvariantCulture) + " redirects already followed"
                    : Refusal(current.Method, status, from, target);
                if (refusal is null && current.Content != null && (status == 307 || status == 308) && RequestTemplate.Of(current) is null)
                {
                    refusal = "the body cannot be sent again";
                }

                if (refusal != null)
                {
                    throw Refused(current.Method, from, status, target, refusal);
                }

                CXoneReporting.Verbose(CallText.What(current.Method, from) + " on " + CallText.Host(from) + " answered " + status.ToString(CultureInfo.InvariantCulture)
                    + ": following it to " + (_rule == RedirectRule.HttpsOnly ? Origin(target) : Redactor.SafeUrl(target)) + ".");
                current = Next(current, target!, status);
            }
        }

        /// <summary>Why <paramref name="uri"/> may not be fetched on the storage chain, or null when it may.</summary>
        internal static string? StorageRefusal(Uri? uri)
        {
            if (uri is null || !uri.IsAbsoluteUri)
            {
                return "the address is not absolute";
            }

            if (string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && TokenOriginGuard.IsLoopback(uri)
                ? null
                : "plain " + Redactor.Sanitize(uri.Scheme) + " to a host that is not this machine";
        }

        private static bool IsRedirect(HttpStatusCode status)
        {
            var s = (int)status;
            return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
        }

        /// <summary>Why the redirect from <paramref name="from"/> to <paramref name="target"/> is not followed, or null.</summary>
        private string? Refusal(HttpMethod method, int status, Uri from, Uri target)
        {
            if (!string.IsNullOrEmpty(target.UserInfo))
            {
                return "to an address with user information";
            }

            switch (_rule)
            {
                case RedirectRule.Never:
                    return "discovery and token requests never follow redirects";
                case RedirectRule.SameOrigin:
                    if (!TokenOriginGuard.SameOrigin(from, target))
                    {
                        return "API calls follow redirects within " + Origin(from) + " only";
                    }

                    var keepsMethod = status == 307 || status == 308;
                    return keepsMethod || method == HttpMethod.Get || method == HttpMethod.Head
                        ? null
                        : "a " + Redactor.Sanitize(method.Method) + " follows only a 307 or 308 (which keep the method and body)";
                default:
                    return StorageRefusal(target) is { } plain ? "media files are fetched over https only, and this is " + plain
                        : (status == 307 || status == 308 || method == HttpMethod.Get || method == HttpMethod.Head) ? null
                        : "a " + Redactor.Sanitize(method.Method) + " follows only a 307 or 308";
            }
        }

        /// <summary>A transport that follows redirects itself hands back another address's answer: hold it to the same rule.</summary>
        private void CheckLanded(HttpResponseMessage response, Uri sent)
        {
            var landed = response.RequestMessage?.RequestUri;
            if (landed is null || !landed.IsAbsoluteUri || landed == sent)
            {
                return;
            }

            var refusal = _rule == RedirectRule.Never ? "discovery and token requests never follow redirects"
                : _rule == RedirectRule.SameOrigin && !TokenOriginGuard.SameOrigin(sent, landed) ? "API calls follow redirects within " + Origin(sent) + " only"
                : _rule == RedirectRule.HttpsOnly ? StorageRefusal(landed)
                : null;
            if (refusal != null)
            {
                response.Dispose();
                throw new CXoneException(
                    CXoneErrorKind.InvalidResponse,
                    CallText.What(response.RequestMessage!.Method, sent) + " on " + CallText.Host(sent) + " was answered from " + Origin(landed)
                        + ": the HTTP transport followed a redirect on its own, and " + refusal + ".",
                    "Give the session a transport that does not follow redirects (AllowAutoRedirect = false); the session's own transport never does.",
                    host: CallText.Host(sent));
            }
        }

        private CXoneException Refused(HttpMethod method, Uri from, int status, Uri? target, string refusal)
        {
            var where = target is null ? string.Empty : " to " + Origin(target);
            var sameOrigin = target != null && TokenOriginGuard.SameOrigin(from, target) && string.IsNullOrEmpty(target.UserInfo);
            var action = target != null && refusal.StartsWith("after ", StringComparison.Ordinal)
                ? "The service keeps redirecting: try again later; if it persists, check the address and any proxy, or contact NICE support."
                : _rule == RedirectRule.SameOrigin && sameOrigin
                ? "The service moved this resource and asked for the " + Redactor.Sanitize(method.Method) + " to be sent again without its body: send it to the current path (see the CXone API documentation)."
                : _rule == RedirectRule.Never
                ? "Check the issuer and the token endpoint override: they must name the CXone login host itself (a proxy or an old address may redirect). Nothing was sent to the redirect's address."
                : _rule == RedirectRule.SameOrigin
                    ? "Check the API endpoint: it must be the tenant's own API host (a proxy or load balancer may redirect). Nothing was sent to the redirect's address."
                    : "The media file address redirected somewhere it may not be fetched from: try again later; if it persists, check the proxy between this computer and CXone.";
            return new CXoneException(
                CXoneErrorKind.InvalidResponse,
                CallText.What(method, from) + " on " + CallText.Host(from) + " answered " + status.ToString(CultureInfo.InvariantCulture) + " redirecting" + where
                    + "; not followed: " + refusal + ".",
                action,
                statusCode: status,
                host: CallText.Host(from));
        }

        /// <summary>The message for the next hop: same method (and body, from the call's template) except GET for a 303.</summary>
        private HttpRequestMessage Next(HttpRequestMessage current, Uri target, int status)
        {
            var method = status == 303 && current.Method != HttpMethod.Head ? HttpMethod.Get : current.Method;
            HttpRequestMessage next;
            if (current.Content != null && method != HttpMethod.Get && method != HttpMethod.Head && RequestTemplate.Of(current) is { } template)
            {
                next = template.CreateFor(target);
            }
            else
            {
                next = new HttpRequestMessage(method, target) { Version = current.Version };
                foreach (var h in current.Headers)
                {
                    next.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }

                foreach (var p in current.Properties)
                {
                    next.Properties[p.Key] = p.Value;
                }
            }

            // Never our credentials on a hop (the bearer handler sets the token again for the API's own origin).
            next.Headers.Authorization = null;
            return next;
        }

        /// <summary>"scheme://host:port", sanitised: never a path, query or user information.</summary>
        private static string Origin(Uri? uri) => uri is { IsAbsoluteUri: true } ? TokenOriginGuard.Origin(uri) : "an address that is not absolute";
    }
}
