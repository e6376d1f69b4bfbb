using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using CXone.Core.Diagnostics;
using CXone.Core.Api;

namespace CXone.Core.Errors
{
    /// <summary>
    /// The one factory of <see cref="CXoneException"/> for HTTP answers and transport failures, with the recommended
    /// action of each kind (docs/architecture.md, rules of the house, rule 7). Token endpoint and discovery answers
    /// have their own wording in <see cref="AuthErrors"/>, built on the same pieces. Every text passes through
    /// <see cref="Redactor"/>.
    /// </summary>
    public static partial class CXoneErrors
    {
        /// <summary>The header in which some legacy CXone errors carry their message (docs/cxone-api.md section 3).</summary>
        public const string StatusDescriptionHeader = "icStatusDescription";

        /// <summary>
        /// The exception for an error status: 400/409/422 and other 4xx BadRequest, 401 AuthenticationFailed,
        /// 403 Forbidden, 404 NotFound, 407 NetworkFailure (a proxy wants credentials), 408 Timeout, 429 RateLimited,
        /// 5xx ServerError.
        /// </summary>
        /// <param name="statusCode">The HTTP status (400..599).</param>
        /// <param name="body">The response body, when any; the service message is read from it (JSON <c>message</c>, <c>error_description</c>, <c>errorDescription</c>, <c>error</c>).</param>
        /// <param name="statusDescriptionHeader">The <c>icStatusDescription</c> header, used when the body says nothing.</param>
        /// <param name="host">The host that answered.</param>
        /// <param name="what">What was being done, for example <c>GET /inContactAPI/services/v30.0/agents</c> (no query).</param>
        /// <param name="attempts">How many attempts were made (shown when more than 1).</param>
        /// <returns>The exception to throw.</returns>
        public static CXoneException FromStatus(int statusCode, string? body, string? statusDescriptionHeader, string? host, string what, int attempts = 1)
        {
            ReadServiceMessage(body, out var code, out var message);
            if (string.IsNullOrWhiteSpace(message))
            {
                message = string.IsNullOrWhiteSpace(statusDescriptionHeader) ? null : statusDescriptionHeader;
            }

            if (string.IsNullOrWhiteSpace(message) && !string.IsNullOrWhiteSpace(body) && !LooksLikeHtml(body!))
            {
                message = body;
            }

            // What the server said is shown on one line, without control characters, and cut (Redactor.MaxServerText).
            message = string.IsNullOrWhiteSpace(message) ? null : Redactor.Excerpt(message, Redactor.MaxServerText);
            code = string.IsNullOrWhiteSpace(code) ? null : Redactor.Excerpt(code, 100);

            var kind = KindOf(statusCode);
            if (statusCode == 407)
            {
                // Not the host's answer: the proxy in between wants credentials (a plain http call through it).
                return ProxyAuthenticationRequired(null, host, what, credentialsSent: false);
            }

            var text = new System.Text.StringBuilder();
            text.Append(what).Append(" on ").Append(host ?? "the API").Append(" answered ").Append(statusCode.ToString(CultureInfo.InvariantCulture));
            if (attempts > 1)
            {
                text.Append(" after ").Append(attempts.ToString(CultureInfo.InvariantCulture)).Append(" attempts");
            }

            text.Append(!string.IsNullOrWhiteSpace(message) ? ": " + message : ".");
            return new CXoneException(kind, text.ToString(), ActionFor(kind), statusCode, code, message, host);
        }

        /// <summary>The error kind of an HTTP status (see <see cref="FromStatus"/>).</summary>
        /// <param name="statusCode">The HTTP status.</param>
        public static CXoneErrorKind KindOf(int statusCode)
        {
            switch (statusCode)
            {
                case 401: return CXoneErrorKind.AuthenticationFailed;
                case 403: return CXoneErrorKind.Forbidden;
                case 404: return CXoneErrorKind.NotFound;
                case 407: return CXoneErrorKind.NetworkFailure;
                case 408: return CXoneErrorKind.Timeout;
                case 429: return CXoneErrorKind.RateLimited;
            }

            return statusCode >= 500 ? CXoneErrorKind.ServerError : CXoneErrorKind.BadRequest;
        }

        /// <summary>The recommended action for a kind of failure (one sentence).</summary>
        /// <param name="kind">The failure kind.</param>
        public static string ActionFor(CXoneErrorKind kind)
        {
            switch (kind)
            {
                case CXoneErrorKind.AuthenticationFailed: return "Check the access key and the client registration (client id and secret), then connect again.";
                case CXoneErrorKind.Forbidden: return "The API user lacks a permission for this call: ask a CXone administrator to grant it to the user's role.";
                case CXoneErrorKind.NotFound: return "Check the id or path: the resource does not exist in this tenant.";
                case CXoneErrorKind.RecordingNotFound: return "The contact does not exist, has no recording, is older than 2018-12-13, or the recording expired.";
                case CXoneErrorKind.RateLimited: return "CXone is throttling this tenant: wait a few minutes or lower the request rate (ThrottleLimit, media playback limit).";
                case CXoneErrorKind.ServerError: return "CXone reported a server failure: try again later; if it persists, contact NICE support.";
                case CXoneErrorKind.Timeout: return "The call took too long: try again, or raise the time budget in the session's HTTP options.";
                case CXoneErrorKind.NetworkFailure: return "Check the network, proxy and firewall path to the host, then try again.";
                case CXoneErrorKind.InvalidResponse: return "The service answered with an unexpected shape: check the API endpoint (a proxy or login page may be answering).";
                case CXoneErrorKind.BadRequest: return "Check the parameters of the call against the CXone API documentation.";
                case CXoneErrorKind.InvalidArgument: return "Correct the value passed to the command.";
                case CXoneErrorKind.DiskFull: return "Free space on that disk (or raise the quota), or save to another folder, then run the command again.";
                case CXoneErrorKind.ProxyAuthenticationRequired: return "Give the proxy's credentials: Connect-CXone -ProxyCredential (or -ProxyUseDefaultCredentials for the Windows logon).";
                case CXoneErrorKind.AgentSkillFailed: return "Check that the agent and the skill exist and that the proficiency is between 1 and 20; the other pairs were sent on.";
                default: return "See the error message.";
            }
        }

        /// <summary>
        /// The exception for a transport failure after every retry: Timeout or NetworkFailure, naming the host. A
        /// Timeout names how the last attempt ended; a rejected TLS certificate or handshake is a NetworkFailure that
        /// names the cause (for example <c>UntrustedRoot</c>, <c>RemoteCertificateNameMismatch</c>) and what to do about it.
        /// </summary>
        /// <param name="error">The failure (kept as the inner exception).</param>
        /// <param name="host">The host that could not be reached.</param>
        /// <param name="what">What was being done (no query).</param>
        /// <param name="attempts">How many attempts were made.</param>
        /// <param name="lastAttempt">
        /// How the last attempt ended, when the caller knows better than <paramref name="error"/> (for example
        /// "failed with 503 ServiceUnavailable" when the total budget ran out during the wait after it).
        /// </param>
        public static CXoneException FromTransport(Exception error, string? host, string what, int attempts, string? lastAttempt = null)
        {
            var timeout = error is Polly.Timeout.TimeoutRejectedException || error is TimeoutException || error is OperationCanceledException;
            var tries = attempts > 1 ? " after " + attempts.ToString(CultureInfo.InvariantCulture) + " attempts" : string.Empty;
            if (timeout)
            {
                return new CXoneException(
                    CXoneErrorKind.Timeout,
                    what + " on " + (host ?? "the host") + " timed out" + tries + "; " + (attempts > 1 ? "the last attempt " : "it ") + (lastAttempt ?? LastAttempt(error)) + ".",
                    ActionFor(CXoneErrorKind.Timeout),
                    host: host,
                    innerException: error);
            }

            if (Http.TlsFailure.Cause(error) is { } tls)
            {
                return new CXoneException(
                    CXoneErrorKind.NetworkFailure,
                    what + " could not open a trusted TLS connection to " + (host ?? "the host") + tries + ": the server's certificate or handshake was rejected (" + tls + ").",
                    Http.TlsFailure.Action(tls, host),
                    host: host,
                    innerException: error);
            }

            if (Http.ProxyRefusal.IsAuthenticationRequired(error))
            {
                // A transport the caller brought (not the session's own, which reports the proxy by name) met a 407.
                return ProxyAuthenticationRequired(null, host, what, credentialsSent: false, error);
            }

            return new CXoneException(
                CXoneErrorKind.NetworkFailure,
                what + " could not reach " + (host ?? "the host") + tries + ": " + Http.TransportFailures.Describe(error),
                ActionFor(CXoneErrorKind.NetworkFailure),
                host: host,
                innerException: error);
        }

        /// <summary>"got no answer within 30 s": how an attempt that ended in the timeout <paramref name="error"/> ended.</summary>
        private static string LastAttempt(Exception error) =>
            error is Polly.Timeout.TimeoutRejectedException rejected && rejected.Timeout > TimeSpan.Zero
                ? "got no answer within " + UtcText.Duration(rejected.Timeout)
                : "got no answer in time";

        /// <summary>
        /// The exception for a proxy that answered 407 (Proxy Authentication Required), directly or to the CONNECT of
        /// an https tunnel: never retried, since the same request without credentials gets the same answer.
        /// </summary>
        /// <param name="proxy">The proxy that asked, for example <c>http://proxy.corp:3128</c>; null when unknown (the system's proxy).</param>
        /// <param name="host">The CXone host the request was for.</param>
        /// <param name="what">What was being done (no query).</param>
        /// <param name="credentialsSent">Whether credentials were offered and refused.</param>
        /// <param name="inner">The failure, when the runtime reported one.</param>
        public static CXoneException ProxyAuthenticationRequired(Uri? proxy, string? host, string what, bool credentialsSent, Exception? inner = null)
        {
            var name = proxy is null ? "The proxy" : "The proxy " + Redactor.SafeUrl(proxy).TrimEnd('/');
            var text = name + " asked for credentials (407 Proxy Authentication Required) on " + what + " for " + (host ?? "the host") +
                (credentialsSent ? "; the credentials given were refused." : "; none were given.");
            return new CXoneException(
                CXoneErrorKind.ProxyAuthenticationRequired,
                text,
                credentialsSent ? "Check the user name and password given with Connect-CXone -ProxyCredential." : ActionFor(CXoneErrorKind.ProxyAuthenticationRequired),
                407,
                host: host,
                innerException: inner);
        }

        /// <summary>The exception for a body that is not the JSON that was expected (for example an HTML page).</summary>
        /// <param name="body">The body received; only a sanitized excerpt is kept.</param>
        /// <param name="statusCode">The status of the answer.</param>
        /// <param name="host">The host that answered.</param>
        /// <param name="what">What was being done.</param>
        /// <param name="inner">The parse failure, when any.</param>
        public static CXoneException InvalidResponse(string? body, int statusCode, string? host, string what, Exception? inner = null) =>
            new CXoneException(
                CXoneErrorKind.InvalidResponse,
                what + " on " + (host ?? "the API") + " answered " + statusCode.ToString(CultureInfo.InvariantCulture) + " with a body that is not valid JSON: " + Redactor.Excerpt(body),
                ActionFor(CXoneErrorKind.InvalidResponse),
                statusCode,
                host: host,
                innerException: inner);

        internal static bool LooksLikeHtml(string body)
        {
            var t = body.TrimStart();
            return t.StartsWith("<", StringComparison.Ordinal);
        }

        /// <summary>
        /// Reads the service's error code and message from a JSON error body (<c>error_description</c>,
        /// <c>errorDescription</c>, <c>message</c>, <c>description</c>, <c>error_message</c>; code from <c>error</c>,
        /// <c>internalCode</c>, <c>errorCode</c>, <c>code</c>; names without regard to case). Both are null for a body
        /// that is not a JSON object.
        /// </summary>
        internal static void ReadServiceMessage(string? body, out string? code, out string? message)
        {
            code = null;
            message = null;
            if (!(JsonRead.ParseObject(body) is JsonElement root))
            {
                return;
            }

            message = JsonRead.String(root, "error_description") ?? JsonRead.String(root, "errorDescription") ?? JsonRead.String(root, "message") ??
                JsonRead.String(root, "description") ?? JsonRead.String(root, "error_message");
            var oauthCode = JsonRead.String(root, "error");
            code = oauthCode ?? JsonRead.String(root, "internalCode") ?? JsonRead.String(root, "errorCode") ?? JsonRead.String(root, "code");
            if (message is null && oauthCode != null)
            {
                message = oauthCode;
            }
        }
    }
}
