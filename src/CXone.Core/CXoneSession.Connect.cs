using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;

namespace CXone.Core
{
    /// <summary>Connecting: the login, the tenant's facts from the token, the API endpoint, the clients.</summary>
    public sealed partial class CXoneSession
    {
        /// <summary>
        /// Connects: validates the options, gets the first token with the login the options describe, reads the token's
        /// claims and finds the API endpoint (docs/cxone-api.md sections 1, 2, 6 and 9):
        /// <list type="bullet">
        /// <item><description>The app registration logins (password, client credentials, browser, refresh token) discover
        /// the token endpoint from the issuer's OIDC document unless <see cref="CXoneSessionOptions.TokenEndpoint"/> is set.</description></item>
        /// <item><description>A <see cref="UserHubAccessKeyCredential"/> logs in at the area's UserHub host
        /// (<see cref="CXoneSessionOptions.Area"/> or <see cref="CXoneSessionOptions.AuthEndpoint"/>) with no client.</description></item>
        /// <item><description><see cref="CXoneSessionOptions.GenesysCloudRegion"/> logs in at Genesys Cloud.</description></item>
        /// </list>
        /// The API endpoint is <see cref="CXoneSessionOptions.ApiEndpoint"/>, else the tenant's <c>cxone-configuration</c>
        /// (the <c>tenantId</c> claim), else a <c>resource_server_base_uri</c> on a CXone https host from the token answer.
        /// Discovery answers are cached per issuer and tenant.
        /// </summary>
        /// <param name="options">The settings; copied, so later changes do not affect the session.</param>
        /// <param name="cancellationToken">Cancels the connection (surfaces as <see cref="OperationCanceledException"/>).</param>
        /// <returns>A connected session holding a valid token.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="CXoneException">
        /// <see cref="CXoneErrorKind.InvalidArgument"/> (no credential, no client id, an http issuer that is not
        /// loopback, an unknown Genesys Cloud region, an area of another shape; before any request),
        /// <see cref="CXoneErrorKind.AreaRequired"/> (an access-key login without an app registration and no area; before
        /// any request), <see cref="CXoneErrorKind.AuthenticationFailed"/> (wrong client, key, password, code),
        /// <see cref="CXoneErrorKind.UnsupportedGrant"/>, <see cref="CXoneErrorKind.InvalidResponse"/> (HTML, malformed JSON,
        /// missing access_token or expires_in, no way to find the API endpoint), <see cref="CXoneErrorKind.ServerError"/>,
        /// <see cref="CXoneErrorKind.NetworkFailure"/> and <see cref="CXoneErrorKind.Timeout"/> (naming the host),
        /// <see cref="CXoneErrorKind.InteractiveLoginUnavailable"/> (browser login without a user),
        /// <see cref="CXoneErrorKind.TokenExpired"/> (a static token that has already expired).
        /// </exception>
        public static async Task<CXoneSession> ConnectAsync(CXoneSessionOptions options, CancellationToken cancellationToken = default)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            options = options.Clone();
            var plan = LoginPlan.Create(options);
            var time = options.TimeProvider ?? TimeProvider.System;
            var httpOptions = (options.Http ?? new CXoneHttpOptions()).Clone();
            var session = new CXoneSession
            {
                TimeProvider = time, HttpOptions = httpOptions, HttpSettings = new CXoneHttpSettings(httpOptions), Issuer = plan.Issuer,
                CredentialKind = plan.Credential.Kind, CanRefresh = !(plan.Credential is StaticAccessTokenCredential), Login = plan.Login,
            };

            // Redirects are the pipeline's decision (RedirectHandler): the factory's transport follows none, since one
            // the transport followed itself could carry the client secret or the token to another host.
            var transport = options.Transport ?? (session._ownedTransport = TransportFactory.Create(options.Proxy));
            try
            {
                session._authHttp = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateAnonymousHandler(httpOptions, time, new SharedTransport(transport)));
                var auth = new AuthHttpClient(session._authHttp, time, options.TokenRequestTimeout ?? httpOptions.AttemptTimeout);
                var cache = options.DiscoveryCache ?? CXoneDiscoveryCache.Shared;
                var (token, renew) = await session.SignInAsync(plan, options, auth, cache, cancellationToken).ConfigureAwait(false);
                session.ReadClaims(token);
                await session.FindApiEndpointAsync(plan, auth, cache, cancellationToken).ConfigureAwait(false);
                session.ConnectionCheckPath = !string.IsNullOrWhiteSpace(options.ConnectionCheckPath) ? options.ConnectionCheckPath!.Trim().TrimStart('/')
                    : session.IsCXoneApi(plan) ? ServerTimePath : null;
                session.StartApi(token, renew, transport, options.RefreshRetryDelay);
                return session;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        /// <summary>The token cache over the first token, the API and storage pipelines over one transport, the clients.</summary>
        private void StartApi(AccessToken token, Func<CancellationToken, Task<AccessToken>>? renew, HttpMessageHandler transport, TimeSpan refreshRetryDelay)
        {
            _cache = new TokenCache(TimeProvider, token, renew, refreshRetryDelay);
            Tokens = _cache;
            ApiHttp = CXoneHttpPipeline.CreateClient(
                CXoneHttpPipeline.CreateApiHandler(_cache, HttpOptions, TimeProvider, new SharedTransport(transport), ApiEndpoint),
                ApiEndpoint);
            StorageHttp = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateStorageHandler(HttpOptions, TimeProvider, new SharedTransport(transport)));
            CreateClients();

            CXoneReporting.Verbose("connected to tenant " + (TenantName ?? (TenantId.Length == 0 ? "(none)" : TenantId)) + " (" + CredentialKind +
                ", login " + Login + "), API endpoint " + ApiEndpoint.AbsoluteUri + ", token expires " +
                token.ExpiresOn.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        /// <summary>The first token, and how to renew it (null for a token the user brought).</summary>
        private async Task<(AccessToken Token, Func<CancellationToken, Task<AccessToken>>? Renew)> SignInAsync(
            LoginPlan plan, CXoneSessionOptions options, AuthHttpClient auth, CXoneDiscoveryCache cache, CancellationToken cancellationToken)
        {
            OidcDocument? document = null;
            if (plan.TokenEndpoint is null)
            {
                document = await Discovery.GetDocumentAsync(cache, auth, plan.Issuer, cancellationToken).ConfigureAwait(false);
            }

            TokenEndpoint = plan.TokenEndpoint ?? document!.TokenEndpoint;
            var method = options.ClientAuthentication;
            if (method == ClientAuthenticationMethod.Auto)
            {
                var methods = document?.TokenEndpointAuthMethods;
                method = methods != null && methods.Count > 0 && !Contains(methods, "client_secret_basic") && Contains(methods, "client_secret_post")
                    ? ClientAuthenticationMethod.Post
                    : ClientAuthenticationMethod.Basic;
            }

            ClientAuthentication = method;
            if (plan.Credential is StaticAccessTokenCredential bring)
            {
                return (StaticToken(bring, TimeProvider), null);
            }

            var authorize = plan.AuthorizationEndpoint ?? document?.AuthorizationEndpoint ?? new Uri(plan.Issuer, "auth/authorize");
            var authenticator = new Authenticator(
                auth,
                TokenEndpoint,
                plan.Credential,
                new TokenClientAuthentication(options.ClientId, options.ClientSecret, method),
                options.RefreshAhead,
                authorize,
                plan);
            var token = await authenticator.AcquireWithCredentialAsync(cancellationToken).ConfigureAwait(false);
            Authenticator = authenticator;
            return (token, authenticator.RenewAsync);
        }

        /// <summary>The tenant, user, agent and business unit from the token's claims (docs/cxone-api.md section 2); nothing for an opaque token.</summary>
        private void ReadClaims(AccessToken token)
        {
            var claims = Jwt.TryReadClaims(token.Token);
            string? Claim(string name) => claims != null && claims.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
            TenantId = Claim("tenantId") ?? string.Empty;
            TenantName = Claim("tenant");
            var sub = Claim("sub");
            UserId = sub != null && sub.StartsWith("user:", StringComparison.OrdinalIgnoreCase) ? sub.Substring(5) : sub;
            AgentId = Claim("icAgentId");
            BusinessUnitId = Claim("icBUId");
        }

        /// <summary>The override, else cxone-configuration for the tenant, else the answer's CXone base URI, else an error naming -ApiEndpoint.</summary>
        private async Task FindApiEndpointAsync(LoginPlan plan, AuthHttpClient auth, CXoneDiscoveryCache cache, CancellationToken cancellationToken)
        {
            if (plan.ApiEndpoint != null)
            {
                ApiEndpoint = plan.ApiEndpoint;
                return;
            }

            var answered = CXoneBase(Authenticator?.ResourceServerBaseUri);
            if (TenantId.Length > 0)
            {
                try
                {
                    var tenant = await Discovery.GetTenantAsync(cache, auth, plan.Issuer, TenantId, cancellationToken).ConfigureAwait(false);
                    ApiEndpoint = tenant.ApiEndpoint;
                    Area = tenant.Area;
                    Cluster = tenant.Cluster;
                    _discoveredApi = true;
                    return;
                }
                catch (CXoneException ex) when (answered != null && (ex.Kind == CXoneErrorKind.NotFound || ex.Kind == CXoneErrorKind.InvalidResponse))
                {
                    CXoneReporting.Verbose("the tenant's cxone-configuration could not be used (" + ex.ErrorId + "); using the base URI of the token answer");
                }
            }

            if (answered != null)
            {
                ApiEndpoint = answered;
                return;
            }

            throw new CXoneException(
                CXoneErrorKind.InvalidResponse,
                "The access token from " + TokenEndpoint.Authority + " has no tenantId claim, so the API endpoint cannot be discovered.",
                "Pass -ApiEndpoint (the API endpoint override, for example -ApiEndpoint https://api-na1.niceincontact.com, or your provider's API base).",
                host: TokenEndpoint.Authority);
        }

        /// <summary>The origin of a base URI from a token answer when it is https on a CXone host (docs/cxone-api.md section 6); else null.</summary>
        private static Uri? CXoneBase(Uri? uri) =>
            uri != null && uri.Scheme == Uri.UriSchemeHttps && IsCXoneHost(uri.Host) && string.IsNullOrEmpty(uri.UserInfo)
                ? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")
                : null;

        /// <summary>A host under CXone's domains (docs/cxone-api.md sections 1 and 6).</summary>
        internal static bool IsCXoneHost(string host)
        {
            foreach (var domain in new[] { "niceincontact.com", "nice-incontact.com" })
            {
                if (string.Equals(host, domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether CXone's server-time is the connection check: not for Genesys Cloud; yes when cxone-configuration named
        /// the endpoint, when it is on a CXone host, or when the token is a CXone token (a <c>tenantId</c> claim).
        /// </summary>
        private bool IsCXoneApi(LoginPlan plan) =>
            !plan.IsGenesysCloud && (_discoveredApi || IsCXoneHost(ApiEndpoint.Host) || TenantId.Length > 0);

        private static AccessToken StaticToken(StaticAccessTokenCredential credential, TimeProvider time)
        {
            var now = time.GetUtcNow();
            var expires = Jwt.TryReadExpiry(credential.AccessToken);
            if (expires is null)
            {
                CXoneReporting.Warning("The access token you supplied has no readable expiry (exp claim); it cannot be refreshed, and calls fail once CXone stops accepting it.");
                return new AccessToken(credential.AccessToken, "Bearer", DateTimeOffset.MaxValue, DateTimeOffset.MaxValue);
            }

            var stamp = expires.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            if (now >= expires.Value)
            {
                throw new CXoneException(
                    CXoneErrorKind.TokenExpired,
                    "The access token you supplied expired at " + stamp + "; this token cannot be refreshed; connect again with an access key.",
                    "Connect again with an access key (Connect-CXone -AccessKeyId -AccessKeySecret) so the session can renew its own tokens.");
            }

            var left = expires.Value - now;
            CXoneReporting.Warning("The access token you supplied expires at " + stamp + " (in " + ((long)left.TotalMinutes).ToString(CultureInfo.InvariantCulture) +
                " min); it cannot be refreshed: after that, connect again with an access key.");
            return new AccessToken(credential.AccessToken, "Bearer", expires.Value, expires.Value);
        }

        private static bool Contains(IReadOnlyList<string> list, string value)
        {
            foreach (var item in list)
            {
                if (string.Equals(item, value, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
