using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Auth
{
    /// <summary>
    /// Runs the grants of one session (docs/cxone-api.md section 2): the first token from the credential and
    /// every renewal in the order refresh-token grant -> original credential (when it can sign in without a
    /// person) -> <see cref="CXoneErrorKind.ReconnectRequired"/>. The token cache guarantees that only one
    /// renewal runs at a time, so the refresh token needs no lock of its own.
    /// </summary>
    internal sealed class Authenticator
    {
        private readonly AuthHttpClient _http;
        private readonly CXoneCredential _credential;
        private readonly TokenClientAuthentication _client;
        private readonly TimeSpan _refreshAhead;
        private readonly Uri? _authorizationEndpoint;
        private readonly LoginPlan? _plan;
        private string? _refreshToken;

        /// <summary>Creates the authenticator; <paramref name="plan"/> gives the scopes and prompt (null: none, the authorize URL asks for openid).</summary>
        public Authenticator(AuthHttpClient http, Uri tokenEndpoint, CXoneCredential credential, TokenClientAuthentication client, TimeSpan refreshAhead, Uri? authorizationEndpoint, LoginPlan? plan = null)
        {
            _plan = plan;
            _http = http;
            TokenEndpoint = tokenEndpoint;
            _credential = credential;
            _client = client;
            _refreshAhead = refreshAhead < TimeSpan.Zero ? TimeSpan.Zero : refreshAhead;
            _authorizationEndpoint = authorizationEndpoint;
        }

        public Uri TokenEndpoint { get; }

        /// <summary>The <c>resource_server_base_uri</c> of the last answer that carried one (docs/cxone-api.md section 6), or null.</summary>
        internal Uri? ResourceServerBaseUri { get; private set; }

        /// <summary>True while a refresh token is held (for tests and diagnostics).</summary>
        internal bool HasRefreshToken => Volatile.Read(ref _refreshToken) != null;

        /// <summary>Gets a token with the credential itself (the first token, or a silent re-login).</summary>
        public async Task<AccessToken> AcquireWithCredentialAsync(CancellationToken cancellationToken)
        {
            var form = new List<KeyValuePair<string, string>>();
            string grantType;
            var clientIdInBody = false;
            var scope = _plan?.Scopes is null ? null : string.Join(" ", _plan.Scopes);
            switch (_credential)
            {
                case UserHubAccessKeyCredential userHub:
                    {
                        var requested = _http.Time.GetUtcNow();
                        var answer = await _http.RequestAccessKeyTokenAsync(TokenEndpoint, userHub.AccessKeyId, userHub.AccessKeySecret, cancellationToken).ConfigureAwait(false);
                        return Accept(answer, requested);
                    }

                case AccessKeyCredential key:
                    grantType = "password";
                    form.Add(new KeyValuePair<string, string>("username", key.AccessKeyId));
                    form.Add(new KeyValuePair<string, string>("password", key.AccessKeySecret));
                    AddScope(form, scope);
                    break;
                case UsernamePasswordCredential user:
                    grantType = "password";
                    form.Add(new KeyValuePair<string, string>("username", user.Username));
                    form.Add(new KeyValuePair<string, string>("password", user.Password));
                    AddScope(form, scope);
                    break;
                case ClientCredentialsCredential _:
                    grantType = "client_credentials";
                    AddScope(form, scope);
                    break;
                case AuthorizationCodeCredential code:
                    {
                        grantType = "authorization_code";
                        clientIdInBody = true;
                        var endpoint = code.Options.AuthorizationEndpoint ?? _authorizationEndpoint!;
                        var result = await LoopbackAuthorization.AuthorizeAsync(code.Options, endpoint, _client.ClientId!, _plan?.AuthorizeScope ?? "openid", _plan?.Prompt, _http.Time, cancellationToken).ConfigureAwait(false);
                        form.Add(new KeyValuePair<string, string>("code", result.Code));
                        form.Add(new KeyValuePair<string, string>("redirect_uri", result.RedirectUri.AbsoluteUri));
                        form.Add(new KeyValuePair<string, string>("code_verifier", result.CodeVerifier));
                        break;
                    }

                case RefreshTokenCredential refresh:
                    return await RefreshAsync(refresh.RefreshToken, cancellationToken).ConfigureAwait(false);
                default:
                    throw new CXoneException(
                        CXoneErrorKind.InvalidArgument,
                        "The credential " + _credential.Kind + " cannot request tokens.",
                        "Use an access key, a username and password, client credentials, a browser login or a refresh token.");
            }

            var requestedAt = _http.Time.GetUtcNow();
            var response = await _http.RequestTokenAsync(TokenEndpoint, grantType, _credential.Kind.ToString(), form, _client, clientIdInBody, cancellationToken).ConfigureAwait(false);
            return Accept(response, requestedAt);
        }

        /// <summary>Renews: refresh-token grant, then the original credential, then ReconnectRequired.</summary>
        public async Task<AccessToken> RenewAsync(CancellationToken cancellationToken)
        {
            var refreshToken = _credential.RenewsWithRefreshToken ? Volatile.Read(ref _refreshToken) : null;
            CXoneException? refused = null;
            if (refreshToken != null)
            {
                var refreshExpires = Jwt.TryReadExpiry(refreshToken);
                if (refreshExpires is { } expires && _http.Time.GetUtcNow() >= expires)
                {
                    Volatile.Write(ref _refreshToken, null);
                    CXoneReporting.Verbose("the refresh token expired at " + expires.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "; skipping the refresh-token grant");
                }
                else
                {
                    try
                    {
                        return await RefreshAsync(refreshToken, cancellationToken).ConfigureAwait(false);
                    }
                    catch (CXoneException ex) when (ex.Kind == CXoneErrorKind.AuthenticationFailed)
                    {
                        Interlocked.CompareExchange(ref _refreshToken, null, refreshToken);
                        refused = ex;
                        CXoneReporting.Verbose("the refresh token was refused (" + (ex.ErrorCode ?? "HTTP " + ex.StatusCode) + ")");
                    }
                }
            }

            if (!_credential.CanReauthenticateSilently)
            {
                throw new CXoneException(
                    CXoneErrorKind.ReconnectRequired,
                    "The session cannot renew its token: the refresh token " + (refused is null ? "is expired or missing" : "was refused") +
                        ", and a " + _credential.Kind + " login cannot be repeated without you.",
                    "Connect again (Connect-CXone); for unattended runs use an access key, which the session can renew by itself.",
                    statusCode: refused?.StatusCode,
                    errorCode: refused?.ErrorCode,
                    errorDescription: refused?.ErrorDescription,
                    host: refused?.Host ?? TokenEndpoint.Authority,
                    innerException: refused);
            }

            CXoneReporting.Verbose("signing in again with the " + _credential.Kind + " credential");
            try
            {
                return await AcquireWithCredentialAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CXoneException ex) when (ex.Kind == CXoneErrorKind.AuthenticationFailed || ex.Kind == CXoneErrorKind.UnsupportedGrant)
            {
                throw new CXoneException(
                    CXoneErrorKind.ReconnectRequired,
                    "The session cannot renew its token: the refresh token is no longer accepted and the " + _credential.Kind + " credential was refused: " + ex.Message,
                    ex.RecommendedAction + " Then connect again.",
                    ex.StatusCode,
                    ex.ErrorCode,
                    ex.ErrorDescription,
                    ex.Host,
                    ex);
            }
        }

        private async Task<AccessToken> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
        {
            var form = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("refresh_token", refreshToken) };
            var requestedAt = _http.Time.GetUtcNow();
            var response = await _http.RequestTokenAsync(TokenEndpoint, "refresh_token", _credential.Kind.ToString(), form, _client, clientIdInBody: true, cancellationToken).ConfigureAwait(false);
            if (response.RefreshToken is null)
            {
                // The issuer did not rotate it: keep using the one we have.
                Interlocked.CompareExchange(ref _refreshToken, refreshToken, null);
            }

            return Accept(response, requestedAt);
        }

        /// <summary>Turns an answer into a cached token: expiry from expires_in counted from when the request was sent.</summary>
        private AccessToken Accept(TokenResponse response, DateTimeOffset requestedAt)
        {
            if (response.ResourceServerBaseUri != null)
            {
                ResourceServerBaseUri = response.ResourceServerBaseUri;
            }

            if (response.RefreshToken != null && _credential.RenewsWithRefreshToken)
            {
                Volatile.Write(ref _refreshToken, response.RefreshToken);
            }

            return CreateToken(response.AccessToken, response.TokenType, requestedAt, TimeSpan.FromSeconds(response.ExpiresIn), _refreshAhead);
        }

        /// <summary>Adds the user's scopes to a grant; without <c>-Scope</c> none is sent, as before (CXone needs none).</summary>
        private static void AddScope(List<KeyValuePair<string, string>> form, string? scope)
        {
            if (!string.IsNullOrEmpty(scope))
            {
                form.Add(new KeyValuePair<string, string>("scope", scope!));
            }
        }

        /// <summary>ExpiresOn = issued + lifetime; RefreshOn = ExpiresOn - min(refreshAhead, lifetime / 2).</summary>
        internal static AccessToken CreateToken(string token, string tokenType, DateTimeOffset issued, TimeSpan lifetime, TimeSpan refreshAhead)
        {
            var half = TimeSpan.FromTicks(lifetime.Ticks / 2);
            var ahead = refreshAhead > half ? half : refreshAhead;
            if (ahead < TimeSpan.Zero)
            {
                ahead = TimeSpan.Zero;
            }

            var expires = issued + lifetime;
            return new AccessToken(token, tokenType, expires, expires - ahead);
        }
    }
}
