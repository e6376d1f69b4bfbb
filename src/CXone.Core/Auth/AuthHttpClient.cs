using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Auth
{
    /// <summary>What one anonymous request (discovery or token endpoint) got back.</summary>
    internal sealed class AuthAnswer
    {
        public AuthAnswer(int status, string body, string? mediaType, string host)
        {
            Status = status;
            Body = body;
            MediaType = mediaType;
            Host = host;
        }

        public int Status { get; }

        public string Body { get; }

        public string? MediaType { get; }

        public string Host { get; }

        public bool IsSuccess => Status >= 200 && Status <= 299;
    }

    /// <summary>A successful token endpoint answer (shared/cxone-api.md section 2).</summary>
    internal sealed class TokenResponse
    {
        public TokenResponse(string accessToken, string tokenType, long expiresIn, string? refreshToken)
        {
            AccessToken = accessToken;
            TokenType = tokenType;
            ExpiresIn = expiresIn;
            RefreshToken = refreshToken;
        }

        public string AccessToken { get; }

        public string TokenType { get; }

        /// <summary>Lifetime in seconds.</summary>
        public long ExpiresIn { get; }

        public string? RefreshToken { get; }
    }

    /// <summary>How the client identifies itself at the token endpoint (shared/cxone-api.md section 2).</summary>
    internal sealed class TokenClientAuthentication
    {
        private readonly string? _basic;

        public TokenClientAuthentication(string? clientId, string? clientSecret, ClientAuthenticationMethod method)
        {
            ClientId = clientId;
            ClientSecret = string.IsNullOrEmpty(clientSecret) ? null : clientSecret;
            Method = method == ClientAuthenticationMethod.Post ? ClientAuthenticationMethod.Post : ClientAuthenticationMethod.Basic;
            if (ClientId != null && ClientSecret != null)
            {
                // The Basic credential is the secret in another encoding: mask it wherever it shows up on its own
                // (an echoed header without its "Basic" prefix, a proxy's error page).
                _basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(ClientId) + ":" + Uri.EscapeDataString(ClientSecret)));
                Redactor.AddSecret(_basic);
            }
        }

        public string? ClientId { get; }

        public string? ClientSecret { get; }

        /// <summary>Basic or Post (Auto is resolved before).</summary>
        public ClientAuthenticationMethod Method { get; }

        /// <summary>Adds the client's identity to a token request.</summary>
        /// <param name="request">Gets the Basic header when that method applies.</param>
        /// <param name="form">Gets client_id (and client_secret for Post).</param>
        /// <param name="clientIdInBody">True for grants whose body names the client (refresh_token, authorization_code).</param>
        public void Apply(HttpRequestMessage request, List<KeyValuePair<string, string>> form, bool clientIdInBody)
        {
            if (ClientId is null)
            {
                return;
            }

            if (ClientSecret is null)
            {
                form.Add(new KeyValuePair<string, string>("client_id", ClientId));
                return;
            }

            if (Method == ClientAuthenticationMethod.Post)
            {
                form.Add(new KeyValuePair<string, string>("client_id", ClientId));
                form.Add(new KeyValuePair<string, string>("client_secret", ClientSecret));
                return;
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basic);
            if (clientIdInBody)
            {
                form.Add(new KeyValuePair<string, string>("client_id", ClientId));
            }
        }
    }

    /// <summary>
    /// Sends discovery and token requests through the session's anonymous pipeline, with the token request's own
    /// timeout on the session's clock, a verbose line per answer, and the mapping of failures to
    /// <see cref="CXoneException"/> (issue 3, point 7).
    /// </summary>
    internal sealed class AuthHttpClient
    {
        private readonly HttpClient _http;
        private readonly TimeProvider _time;
        private readonly TimeSpan _timeout;

        public AuthHttpClient(HttpClient http, TimeProvider time, TimeSpan timeout)
        {
            _http = http;
            _time = time;
            _timeout = timeout <= TimeSpan.Zero ? TimeSpan.FromSeconds(100) : timeout;
        }

        public TimeProvider Time => _time;

        /// <summary>Sends the request and reads the whole answer; what = "token endpoint", "OIDC discovery", ... for messages.</summary>
        public async Task<AuthAnswer> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            var host = uri.Authority;
            var started = _time.GetTimestamp();
            using (var timeout = _time.CreateCancellationTokenSource(_timeout))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false))
                    {
                        var body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        var status = (int)response.StatusCode;
                        var elapsed = _time.GetElapsedTime(started);
                        CXoneReporting.Verbose(request.Method.Method + " " + uri.AbsolutePath + " " + status.ToString(CultureInfo.InvariantCulture) +
                            " in " + ((long)elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms");
                        return new AuthAnswer(status, body ?? string.Empty, response.Content?.Headers.ContentType?.MediaType, host);
                    }
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Our own timer fired: the wait was the configured timeout. Otherwise something inside the pipeline
                    // gave up first: report the time that passed.
                    var waited = timeout.IsCancellationRequested ? _timeout : _time.GetElapsedTime(started);

                    throw new CXoneException(
                        CXoneErrorKind.Timeout,
                        "The " + what + " at " + host + " did not answer within " + Seconds(waited) + " (" + request.Method.Method + " " + uri.AbsolutePath + ").",
                        "Check the network path to " + host + " (proxy, firewall) and that the issuer is right; try again later.",
                        host: host,
                        innerException: ex);
                }
                catch (CXoneException ex) when (ex.Kind == CXoneErrorKind.NetworkFailure || ex.Kind == CXoneErrorKind.Timeout)
                {
                    // The pipeline gave up (after its own retries): say which endpoint and how long it took.
                    var waited = _time.GetElapsedTime(started);
                    throw new CXoneException(
                        ex.Kind,
                        "The " + what + " at " + host + (ex.Kind == CXoneErrorKind.Timeout ? " did not answer in time" : " could not be reached") +
                            " (" + request.Method.Method + " " + uri.AbsolutePath + ", gave up after " + Seconds(waited) + "): " + ex.Message,
                        "Check the network path to " + host + " (DNS, proxy, firewall) and that the issuer or endpoint override is right; try again later.",
                        host: ex.Host ?? host,
                        innerException: ex);
                }
                catch (HttpRequestException ex)
                {
                    var waited = _time.GetElapsedTime(started);
                    throw new CXoneException(
                        CXoneErrorKind.NetworkFailure,
                        "The " + what + " at " + host + " could not be reached (" + request.Method.Method + " " + uri.AbsolutePath + ", failed after " +
                            Seconds(waited) + "): " + Describe(ex),
                        "Check the network path to " + host + " (DNS, proxy, firewall) and that the issuer or endpoint override is right.",
                        host: host,
                        innerException: ex);
                }
            }
        }

        /// <summary>GETs a discovery document and returns its JSON object.</summary>
        public async Task<JsonElement> GetJsonAsync(Uri uri, string what, CancellationToken cancellationToken)
        {
            AuthAnswer answer;
            using (var request = new HttpRequestMessage(HttpMethod.Get, uri))
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                answer = await SendAsync(request, what, cancellationToken).ConfigureAwait(false);
            }

            if (!answer.IsSuccess)
            {
                throw DiscoveryError(answer, what, uri);
            }

            var json = ParseObject(answer);
            if (json is null)
            {
                throw InvalidResponse(answer, what, "is not a JSON object");
            }

            return json.Value;
        }

        /// <summary>POSTs one grant to the token endpoint and returns the parsed success answer; credentialKind picks the recommended action of invalid_grant.</summary>
        public async Task<TokenResponse> RequestTokenAsync(
            Uri tokenEndpoint,
            string grantType,
            string credentialKind,
            List<KeyValuePair<string, string>> form,
            TokenClientAuthentication client,
            bool clientIdInBody,
            CancellationToken cancellationToken)
        {
            AuthAnswer answer;
            using (var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint))
            {
                var fields = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("grant_type", grantType) };
                fields.AddRange(form);
                client.Apply(request, fields, clientIdInBody);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                request.Content = new StringContent(EncodeForm(fields), Encoding.UTF8, "application/x-www-form-urlencoded");
                request.Content.Headers.ContentType!.CharSet = null;
                answer = await SendAsync(request, "token endpoint", cancellationToken).ConfigureAwait(false);
            }

            if (!answer.IsSuccess)
            {
                throw TokenError(answer, grantType, credentialKind);
            }

            var json = ParseObject(answer);
            if (json is null)
            {
                throw InvalidResponse(answer, "token endpoint", "is not JSON");
            }

            var root = json.Value;
            var accessToken = ReadString(root, "access_token");
            if (string.IsNullOrEmpty(accessToken))
            {
                throw InvalidResponse(answer, "token endpoint", "has no access_token");
            }

            long expiresIn;
            if (!root.TryGetProperty("expires_in", out var expires) || expires.ValueKind == JsonValueKind.Null)
            {
                throw InvalidResponse(answer, "token endpoint", "has no expires_in");
            }

            if (expires.ValueKind == JsonValueKind.Number && expires.TryGetInt64(out var n))
            {
                expiresIn = n;
            }
            else if (expires.ValueKind == JsonValueKind.String &&
                     long.TryParse(expires.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                expiresIn = parsed;
            }
            else
            {
                throw InvalidResponse(answer, "token endpoint", "has an expires_in that is not a whole number of seconds");
            }

            if (expiresIn <= 0)
            {
                throw InvalidResponse(answer, "token endpoint", "has an expires_in that is not positive");
            }

            var tokenType = ReadString(root, "token_type");
            var refreshToken = ReadString(root, "refresh_token");
            if (!Jwt.LooksLikeJwt(accessToken))
            {
                Redactor.AddSecret(accessToken);
            }

            if (!string.IsNullOrEmpty(refreshToken) && !Jwt.LooksLikeJwt(refreshToken))
            {
                Redactor.AddSecret(refreshToken);
            }

            return new TokenResponse(accessToken!, string.IsNullOrEmpty(tokenType) ? "Bearer" : tokenType!, expiresIn, string.IsNullOrEmpty(refreshToken) ? null : refreshToken);
        }

        internal static string EncodeForm(IEnumerable<KeyValuePair<string, string>> fields)
        {
            var sb = new StringBuilder();
            foreach (var field in fields)
            {
                if (sb.Length > 0)
                {
                    sb.Append('&');
                }

                sb.Append(Uri.EscapeDataString(field.Key)).Append('=').Append(Uri.EscapeDataString(field.Value ?? string.Empty));
            }

            return sb.ToString();
        }

        private static string? ReadString(JsonElement root, string name)
        {
            if (root.TryGetProperty(name, out var value))
            {
                return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            }

            return null;
        }

        private static JsonElement? ParseObject(AuthAnswer answer)
        {
            var body = answer.Body.TrimStart();
            if (body.Length == 0 || body[0] != '{')
            {
                return null;
            }

            try
            {
                using (var doc = JsonDocument.Parse(body))
                {
                    return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : (JsonElement?)null;
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static CXoneException InvalidResponse(AuthAnswer answer, string what, string problem)
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

        private static CXoneException DiscoveryError(AuthAnswer answer, string what, Uri uri)
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

            if (ParseObject(answer) is null && answer.Body.Trim().Length > 0 && status != 503 && status != 504 && status != 429)
            {
                // An HTML error page (a proxy's 502) or anything else that is not JSON: quote it, as for the token endpoint.
                return InvalidResponse(answer, what, "is not JSON");
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

        /// <summary>Maps a failed token answer to the error the issue lists (issue 3, point 7).</summary>
        internal static CXoneException TokenError(AuthAnswer answer, string grantType, string credentialKind)
        {
            var status = answer.Status;
            var statusText = status.ToString(CultureInfo.InvariantCulture);
            var json = ParseObject(answer);
            string? code = null;
            string? description = null;
            if (json is { } root)
            {
                code = ReadString(root, "error");
                description = ReadString(root, "error_description") ?? ReadString(root, "errorDescription") ?? ReadString(root, "message");
            }

            var grant = GrantName(grantType, credentialKind);
            if (json is null && answer.Body.Trim().Length > 0 && status != 503 && status != 504 && status != 429)
            {
                // An HTML error page (a proxy's 502) or anything else that is not the documented JSON.
                return InvalidResponse(answer, "token endpoint", "is not JSON");
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

        internal static string Seconds(TimeSpan span) =>
            span.TotalSeconds.ToString(span.TotalSeconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " s";

        private static string Describe(Exception ex)
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
