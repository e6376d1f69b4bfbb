using System;
using System.Collections.Generic;
using System.Globalization;
using CXone.Core.Api;
using CXone.Core.Auth;
using CXone.Core.Diagnostics;

namespace CXone.Core.Errors
{
    /// <summary>
    /// The exceptions of the discovery documents and the token endpoint (docs/cxone-api.md sections 1 and 2): the
    /// same <see cref="CXoneException"/> as every other failure, worded for a login (which grant, which endpoint,
    /// what to check). Every text passes through <see cref="Redactor"/>.
    /// </summary>
    internal static class AuthErrors
    {
        /// <summary>The endpoint's own timer fired: it did not answer within <paramref name="waited"/>.</summary>
        internal static CXoneException Timeout(string what, string host, string request, TimeSpan waited, Exception inner, string? lastAttempt = null) =>
            new CXoneException(
                CXoneErrorKind.Timeout,
                "The " + what + " at " + host + " did not answer within " + UtcText.Duration(waited) + " (" + request + "); "
                    + (lastAttempt is null ? "the request was still waiting for an answer." : "the last attempt " + lastAttempt + "."),
                "Check the network path to " + host + " (proxy, firewall) and that the issuer is right; try again later.",
                host: host,
                innerException: inner);

        /// <summary>The pipeline gave up after its own retries: say which endpoint and how long it took.</summary>
        internal static CXoneException GaveUp(string what, string host, string request, TimeSpan waited, CXoneException inner) =>
            new CXoneException(
                inner.Kind,
                "The " + what + " at " + host + (inner.Kind == CXoneErrorKind.Timeout ? " did not answer in time" : Http.TlsFailure.Is(inner.InnerException) ? " could not be reached over a trusted TLS connection" : " could not be reached") +
                    " (" + request + ", gave up after " + UtcText.Duration(waited) + "): " + inner.Message,
                Http.TlsFailure.Is(inner.InnerException) || Http.ProxyRefusal.IsAuthenticationRequired(inner.InnerException) ? inner.RecommendedAction
                    : "Check the network path to " + host + " (DNS, proxy, firewall) and that the issuer or endpoint override is right; try again later.",
                host: inner.Host ?? host,
                innerException: inner);

        /// <summary>The request could not be sent at all.</summary>
        internal static CXoneException Unreachable(string what, string host, string request, TimeSpan waited, Exception inner) =>
            new CXoneException(
                CXoneErrorKind.NetworkFailure,
                "The " + what + " at " + host + " could not be reached (" + request + ", failed after " + UtcText.Duration(waited) + "): " + Describe(inner),
                "Check the network path to " + host + " (DNS, proxy, firewall) and that the issuer or endpoint override is right.",
                host: host,
                innerException: inner);

        internal static CXoneException InvalidAnswer(AuthAnswer answer, string what, string problem)
        {
            var excerpt = Redactor.Excerpt(answer.Body);
            return new CXoneException(
                CXoneErrorKind.InvalidResponse,
                "The " + what + " at " + answer.Host + " answered HTTP " + answer.Status.ToString(CultureInfo.InvariantCulture) + " with a body that " + problem +
                    (answer.MediaType is null ? string.Empty : " (" + answer.MediaType + ")") + ": " + (excerpt.Length == 0 ? "(empty)" : "\"" + excerpt + "\""),
                "Check the issuer and endpoint overrides (a proxy or a wrong host can answer with an HTML page); if they are right, the service may be failing: try again later.",
                statusCode: answer.Status,
                errorDescription: excerpt.Length == 0 ? null : excerpt,
                host: answer.Host);
        }

        internal static CXoneException Discovery(AuthAnswer answer, string what, Uri uri)
        {
            var status = answer.Status;
            if (status == 404)
            {
                return new CXoneException(
                    CXoneErrorKind.NotFound,
                    "The " + what + " document was not found at " + answer.Host + uri.AbsolutePath + " (HTTP 404).",
                    "Check the issuer: it must be a CXone issuer such as https://cxone.niceincontact.com (Global) or https://cxone-gov.niceincontact.com (FedRAMP).",
                    statusCode: status,
                    host: answer.Host);
            }

            if (JsonRead.ParseObject(answer.Body) is null && answer.Body.Trim().Length > 0 && status != 503 && status != 504 && status != 429)
            {
                // An HTML error page (a proxy's 502) or anything else that is not JSON: quote it, as for the token endpoint.
                return InvalidAnswer(answer, what, "is not JSON");
            }

            if (status >= 500 || status == 429 || status == 408)
            {
                return new CXoneException(
                    status == 429 ? CXoneErrorKind.RateLimited : CXoneErrorKind.ServerError,
                    "The " + what + " at " + answer.Host + " failed with HTTP " + status.ToString(CultureInfo.InvariantCulture) + ".",
                    "The service is unavailable or throttling; try again later.",
                    statusCode: status,
                    errorDescription: answer.Body.Length == 0 ? null : Redactor.Excerpt(answer.Body),
                    host: answer.Host);
            }

            return new CXoneException(
                status == 403 ? CXoneErrorKind.Forbidden : CXoneErrorKind.BadRequest,
                "The " + what + " at " + answer.Host + " refused the request with HTTP " + status.ToString(CultureInfo.InvariantCulture) + ".",
                "Check the issuer and the API endpoint override.",
                statusCode: status,
                errorDescription: answer.Body.Length == 0 ? null : Redactor.Excerpt(answer.Body),
                host: answer.Host);
        }

        /// <summary>Maps a failed token endpoint answer (OAuth <c>error</c>, status) to its kind and recommended action (docs/cxone-api.md section 2).</summary>
        internal static CXoneException Token(AuthAnswer answer, string grantType, string credentialKind)
        {
            var status = answer.Status;
            var statusText = status.ToString(CultureInfo.InvariantCulture);
            var json = JsonRead.ParseObject(answer.Body);
            string? code = null;
            string? description = null;
            if (json is { } root)
            {
                code = JsonRead.StringValue(root, "error");
                description = JsonRead.StringValue(root, "error_description") ?? JsonRead.StringValue(root, "errorDescription") ?? JsonRead.StringValue(root, "message");
            }

            var grant = GrantName(grantType, credentialKind);
            if (json is null && answer.Body.Trim().Length > 0 && status != 503 && status != 504 && status != 429)
            {
                // An HTML error page (a proxy's 502) or anything else that is not the documented JSON.
                return InvalidAnswer(answer, "token endpoint", "is not JSON");
            }

            var said = " HTTP " + statusText + (code is null ? string.Empty : " " + code) + (description is null ? string.Empty : ": " + description);
            var message = "The token request (" + grant + ") to " + answer.Host + " failed:" + said + (said.EndsWith(".", StringComparison.Ordinal) ? string.Empty : ".");
            CXoneErrorKind kind;
            string action;
            switch (code)
            {
                case "invalid_client":
                    kind = CXoneErrorKind.AuthenticationFailed;
                    action = "Check the client id and client secret and the app registration in CXone (the client must be registered for this issuer and allowed this grant).";
                    break;
                case "invalid_grant":
                    kind = CXoneErrorKind.AuthenticationFailed;
                    action = InvalidGrantAction(grantType, credentialKind);
                    break;
                case "unsupported_grant_type":
                    kind = CXoneErrorKind.UnsupportedGrant;
                    action = grantType == "client_credentials"
                        ? "This issuer does not accept client credentials: use an access key (AccessKeyCredential; Connect-CXone -AccessKeyId -AccessKeySecret)."
                        : "This issuer does not accept the " + grantType + " grant: use an access key (AccessKeyCredential; Connect-CXone -AccessKeyId -AccessKeySecret).";
                    break;
                case "unauthorized_client":
                    kind = CXoneErrorKind.AuthenticationFailed;
                    action = "The app registration is not allowed to use the " + grantType + " grant: check the client's allowed grants in CXone, or use an access key.";
                    break;
                case "invalid_scope":
                case "invalid_request":
                    kind = CXoneErrorKind.BadRequest;
                    action = "The token endpoint rejected the request's shape: check the issuer and token endpoint override; report this if they are right.";
                    break;
                default:
                    if (status == 403)
                    {
                        kind = CXoneErrorKind.Forbidden;
                        action = "The API user lacks a permission: ask a CXone administrator to check the user's role and the app registration.";
                    }
                    else if (status == 400 || status == 401)
                    {
                        kind = CXoneErrorKind.AuthenticationFailed;
                        action = grantType == "password" || grantType == "client_credentials"
                            ? "Check the client id and secret and " + (credentialKind == "AccessKey" ? "the access key id and secret." : credentialKind == "UserPassword" ? "the username and password." : "the app registration.")
                            : InvalidGrantAction(grantType, credentialKind);
                    }
                    else if (status == 429)
                    {
                        kind = CXoneErrorKind.RateLimited;
                        action = "The token endpoint is throttling requests: wait a minute and try again; avoid connecting in a loop.";
                    }
                    else if (status >= 500)
                    {
                        kind = CXoneErrorKind.ServerError;
                        action = "The token endpoint at " + answer.Host + " is unavailable (HTTP " + statusText + "): try again later.";
                        if (description is null && json is null && answer.Body.Trim().Length > 0)
                        {
                            description = Redactor.Excerpt(answer.Body);
                        }
                    }
                    else if (status == 404)
                    {
                        kind = CXoneErrorKind.NotFound;
                        action = "The token endpoint was not found: check the issuer and the token endpoint override.";
                    }
                    else
                    {
                        kind = CXoneErrorKind.BadRequest;
                        action = "Check the issuer, the client registration and the credential.";
                    }

                    break;
            }

            return new CXoneException(kind, message, action, status, code, description, answer.Host);
        }

        private static string InvalidGrantAction(string grantType, string credentialKind)
        {
            switch (grantType)
            {
                case "refresh_token":
                    return "The refresh token is expired or was revoked: connect again.";
                case "authorization_code":
                    return "The authorization code expired or was already used, or the redirect URI did not match: run the browser login again.";
                case "client_credentials":
                    return "Check the client id and client secret and the app registration in CXone.";
                default:
                    return credentialKind == "UserPassword"
                        ? "The username or password is wrong, or the user is locked or inactive: check them in CXone."
                        : "The access key is wrong, disabled or expired: check the access key id and secret in CXone (user profile > access keys) and that its user is active.";
            }
        }

        private static string GrantName(string grantType, string credentialKind)
        {
            if (grantType == AuthHttpClient.AccessKeyGrant)
            {
                return "access-key login";
            }

            if (grantType != "password")
            {
                return grantType + " grant";
            }

            switch (credentialKind)
            {
                case "AccessKey":
                    return grantType + " grant with an access key";
                case "UserPassword":
                    return grantType + " grant with a username and password";
                default:
                    return grantType + " grant";
            }
        }

        internal static string Describe(Exception ex)
        {
            var parts = new List<string>();
            for (var e = ex; e != null && parts.Count < 3; e = e.InnerException)
            {
                if (!string.IsNullOrEmpty(e.Message) && !parts.Contains(e.Message))
                {
                    parts.Add(e.Message);
                }
            }

            return Redactor.Sanitize(string.Join(" ", parts));
        }
    }
}
