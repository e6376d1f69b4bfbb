using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
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

    /// <summary>How the client identifies itself at the token endpoint (docs/cxone-api.md section 2).</summary>
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
    /// <see cref="CXoneException"/> (docs/cxone-api.md sections 1 and 2).
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
                    throw AuthErrors.Timeout(what, host, request.Method.Method + " " + uri.AbsolutePath, waited, ex, Http.HttpCallProperties.LastAttemptOf(request));
                }
                catch (CXoneException ex) when (ex.Kind == CXoneErrorKind.NetworkFailure || ex.Kind == CXoneErrorKind.Timeout)
                {
                    throw AuthErrors.GaveUp(what, host, request.Method.Method + " " + uri.AbsolutePath, _time.GetElapsedTime(started), ex);
                }
                catch (HttpRequestException ex)
                {
                    throw AuthErrors.Unreachable(what, host, request.Method.Method + " " + uri.AbsolutePath, _time.GetElapsedTime(started), ex);
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
                throw AuthErrors.Discovery(answer, what, uri);
            }

            var json = JsonRead.ParseObject(answer.Body);
            if (json is null)
            {
                throw AuthErrors.InvalidAnswer(answer, what, "is not a JSON object");
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

                // A grant that failed issued nothing: 408, 5xx and dropped answers are retried like a GET (429 and
                // connection failures always are), with Retry-After and the session's backoff and budget.
                Http.HttpCallProperties.MarkRetrySafe(request);
                answer = await SendAsync(request, "token endpoint", cancellationToken).ConfigureAwait(false);
            }

            if (!answer.IsSuccess)
            {
                throw AuthErrors.Token(answer, grantType, credentialKind);
            }

            return TokenAnswer.Parse(answer, "token endpoint");
        }

        /// <summary>
        /// POSTs the UserHub access-key login (docs/cxone-api.md section 6): JSON <c>{"accessKeyId","accessKeySecret"}</c>,
        /// no client authentication, and returns the parsed answer (either spelling).
        /// </summary>
        /// <exception cref="CXoneException">AuthenticationFailed (400/401: wrong or disabled key), the kinds of <see cref="SendAsync"/>, or InvalidResponse.</exception>
        public async Task<TokenResponse> RequestAccessKeyTokenAsync(Uri endpoint, string accessKeyId, string accessKeySecret, CancellationToken cancellationToken)
        {
            AuthAnswer answer;
            using (var request = new HttpRequestMessage(HttpMethod.Post, endpoint))
            {
                var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["accessKeyId"] = accessKeyId, ["accessKeySecret"] = accessKeySecret });
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                request.Content.Headers.ContentType!.CharSet = null;

                // A refused login issued nothing: retried like the OAuth grants (docs/cxone-api.md section 5).
                Http.HttpCallProperties.MarkRetrySafe(request);
                answer = await SendAsync(request, "access-key login", cancellationToken).ConfigureAwait(false);
            }

            if (!answer.IsSuccess)
            {
                throw AuthErrors.Token(answer, AccessKeyGrant, CXoneCredentialKind.AccessKey.ToString());
            }

            return TokenAnswer.Parse(answer, "access-key login");
        }

        /// <summary>The name the UserHub access-key login goes by in messages (it is not an OAuth grant).</summary>
        internal const string AccessKeyGrant = "access-key";

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

    }
}
