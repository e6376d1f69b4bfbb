using System;
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
    /// <summary>
    /// A connection to one CXone tenant: the issuer, the discovered token and API endpoints, who is logged in and
    /// with which kind of credential, and the request clients (docs/architecture.md, rules of the house 3). Thread-safe:
    /// any number of workers may share one session and so share one token refresh. Disposable.
    /// </summary>
    /// <remarks>
    /// The public surface is read-only facts and the request clients: no HTTP client, handler, token cache, clock,
    /// mutable option or token string is reachable from it, so a script holding the session can neither send the
    /// bearer token to another host, read the token around Get-CXoneToken's masking, change the headers of every
    /// caller nor dispose the clients under them. Getters have no side effects (the clients are created on connect).
    /// The request clients (<c>Api</c>, <c>Contacts</c>, <c>Recordings</c>) are in <c>CXoneSession.Clients.cs</c>.
    /// <see cref="object.ToString"/> shows no secret.
    /// </remarks>
    public sealed partial class CXoneSession : IDisposable
    {
        private readonly object _disposeGate = new object();
        private TokenCache _cache = null!;
        private HttpClient _authHttp = null!;
        private HttpMessageHandler? _ownedTransport;
        private bool _disposed;

        private CXoneSession()
        {
        }

        /// <summary>
        /// Connects: validates the options, discovers the token endpoint from the issuer's OIDC document (unless
        /// <see cref="CXoneSessionOptions.TokenEndpoint"/> is set), gets the first token with the credential, reads
        /// the <c>tenantId</c> claim and discovers the API endpoint from <c>cxone-configuration</c> (unless
        /// <see cref="CXoneSessionOptions.ApiEndpoint"/> is set) (docs/cxone-api.md sections 1 and 2).
        /// Discovery answers are cached per issuer and tenant.
        /// </summary>
        /// <param name="options">The settings; copied, so later changes do not affect the session.</param>
        /// <param name="cancellationToken">Cancels the connection (surfaces as <see cref="OperationCanceledException"/>).</param>
        /// <returns>A connected session holding a valid token.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="CXoneException">
        /// <see cref="CXoneErrorKind.InvalidArgument"/> (no credential, no client id, an http issuer that is not
        /// loopback; before any request), <see cref="CXoneErrorKind.AuthenticationFailed"/> (wrong client, key,
        /// password, code), <see cref="CXoneErrorKind.UnsupportedGrant"/>, <see cref="CXoneErrorKind.InvalidResponse"/>
        /// (HTML, malformed JSON, missing access_token or expires_in), <see cref="CXoneErrorKind.ServerError"/>,
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
            var credential = options.Credential ?? throw new CXoneException(
                CXoneErrorKind.InvalidArgument,
                "No credential was given for the CXone session.",
                "Pass an access key (AccessKeyCredential), a username and password, a browser login, a refresh token or an access token.");
            var issuer = Discovery.WithTrailingSlash(Discovery.RequireSecure(options.ResolveIssuer(), "issuer"));
            if (options.TokenEndpoint != null)
            {
                Discovery.RequireSecure(options.TokenEndpoint, "token endpoint override");
            }

            if (options.ApiEndpoint != null)
            {
                Discovery.RequireSecure(options.ApiEndpoint, "API endpoint override");
            }

            var isStatic = credential is StaticAccessTokenCredential;
            Redactor.AddSecret(options.ClientSecret);
            if (!isStatic && string.IsNullOrEmpty(options.ClientId))
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "No client id was given; the " + credential.Kind + " login needs the app registration's client id.",
                    "Pass the client id (and client secret) of the CXone app registration.");
            }

            if (credential.CanReauthenticateSilently && string.IsNullOrEmpty(options.ClientSecret))
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "No client secret was given; the " + credential.Kind + " login needs the app registration's client secret.",
                    "Pass the client secret of the CXone app registration.");
            }

            if (credential is AuthorizationCodeCredential code)
            {
                LoopbackAuthorization.EnsureInteractive(code.Options);
            }

            var time = options.TimeProvider ?? TimeProvider.System;
            var httpOptions = (options.Http ?? new CXoneHttpOptions()).Clone();
            var cache = options.DiscoveryCache ?? CXoneDiscoveryCache.Shared;
            var session = new CXoneSession
            {
                TimeProvider = time, HttpOptions = httpOptions, HttpSettings = new CXoneHttpSettings(httpOptions), Issuer = issuer, CredentialKind = credential.Kind, CanRefresh = !isStatic,
            };
            HttpMessageHandler transport;
            if (options.Transport is null)
            {
                // Redirects are the pipeline's decision (RedirectHandler): the factory's transport follows none, since one
                // the transport followed itself could carry the client secret or the token to another host.
                transport = TransportFactory.Create(options.Proxy);
                session._ownedTransport = transport;
            }
            else
            {
                transport = options.Transport;
            }

            try
            {
                session._authHttp = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateAnonymousHandler(httpOptions, time, new SharedTransport(transport)));
                var auth = new AuthHttpClient(session._authHttp, time, options.TokenRequestTimeout ?? httpOptions.AttemptTimeout);

                OidcDocument? document = null;
                if (options.TokenEndpoint is null)
                {
                    document = await Discovery.GetDocumentAsync(cache, auth, issuer, cancellationToken).ConfigureAwait(false);
                }

                session.TokenEndpoint = options.TokenEndpoint ?? document!.TokenEndpoint;
                var method = options.ClientAuthentication;
                if (method == ClientAuthenticationMethod.Auto)
                {
                    var methods = document?.TokenEndpointAuthMethods;
                    method = methods != null && methods.Count > 0 && !Contains(methods, "client_secret_basic") && Contains(methods, "client_secret_post")
                        ? ClientAuthenticationMethod.Post
                        : ClientAuthenticationMethod.Basic;
                }

                session.ClientAuthentication = method;
                AccessToken token;
                Func<CancellationToken, Task<AccessToken>>? renew = null;
                if (credential is StaticAccessTokenCredential bring)
                {
                    token = StaticToken(bring, time);
                }
                else
                {
                    var authorize = document?.AuthorizationEndpoint ?? new Uri(issuer, "auth/authorize");
                    var authenticator = new Authenticator(
                        auth,
                        session.TokenEndpoint,
                        credential,
                        new TokenClientAuthentication(options.ClientId, options.ClientSecret, method),
                        options.RefreshAhead,
                        authorize);
                    token = await authenticator.AcquireWithCredentialAsync(cancellationToken).ConfigureAwait(false);
                    renew = authenticator.RenewAsync;
                    session.Authenticator = authenticator;
                }

                var claims = Jwt.TryReadClaims(token.Token);
                string? Claim(string name) => claims != null && claims.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
                session.TenantId = Claim("tenantId") ?? string.Empty;
                session.TenantName = Claim("tenant");
                var sub = Claim("sub");
                session.UserId = sub != null && sub.StartsWith("user:", StringComparison.OrdinalIgnoreCase) ? sub.Substring(5) : sub;
                session.AgentId = Claim("icAgentId");
                session.BusinessUnitId = Claim("icBUId");

                if (options.ApiEndpoint != null)
                {
                    session.ApiEndpoint = Discovery.WithTrailingSlash(options.ApiEndpoint);
                }
                else
                {
                    if (session.TenantId.Length == 0)
                    {
                        throw new CXoneException(
                            CXoneErrorKind.InvalidResponse,
                            "The access token from " + session.TokenEndpoint.Authority + " has no tenantId claim, so the API endpoint cannot be discovered.",
                            "Pass the API endpoint override (for example https://api-na1.niceincontact.com).",
                            host: session.TokenEndpoint.Authority);
                    }

                    var tenant = await Discovery.GetTenantAsync(cache, auth, issuer, session.TenantId, cancellationToken).ConfigureAwait(false);
                    session.ApiEndpoint = tenant.ApiEndpoint;
                    session.Area = tenant.Area;
                    session.Cluster = tenant.Cluster;
                }

                session._cache = new TokenCache(time, token, renew, options.RefreshRetryDelay);
                session.Tokens = session._cache;
                session.ApiHttp = CXoneHttpPipeline.CreateClient(
                    CXoneHttpPipeline.CreateApiHandler(session._cache, httpOptions, time, new SharedTransport(transport), session.ApiEndpoint),
                    session.ApiEndpoint);
                session.StorageHttp = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateStorageHandler(httpOptions, time, new SharedTransport(transport)));
                session.CreateClients();

                CXoneReporting.Verbose("connected to tenant " + (session.TenantName ?? session.TenantId) + " (" + session.CredentialKind + "), API endpoint " +
                    session.ApiEndpoint.AbsoluteUri + ", token expires " + token.ExpiresOn.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                return session;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        /// <summary>How the client authenticates at the token endpoint, after <see cref="ClientAuthenticationMethod.Auto"/> was resolved.</summary>
        public ClientAuthenticationMethod ClientAuthentication { get; private set; }

        internal Authenticator? Authenticator { get; private set; }

        internal TokenCache TokenCache => _cache;

        /// <summary>The issuer logged in to, for example <c>https://cxone.niceincontact.com/</c>.</summary>
        public Uri Issuer { get; private set; } = null!;

        /// <summary>The token endpoint (discovered or overridden).</summary>
        public Uri TokenEndpoint { get; private set; } = null!;

        /// <summary>The API endpoint every API call goes to (discovered <c>api_endpoint</c> or overridden), with a trailing slash.</summary>
        public Uri ApiEndpoint { get; private set; } = null!;

        /// <summary>The tenant id (<c>tenantId</c> claim of the access token).</summary>
        public string TenantId { get; private set; } = string.Empty;

        /// <summary>The tenant name (<c>tenant</c> claim), when present.</summary>
        public string? TenantName { get; private set; }

        /// <summary>The area from <c>cxone-configuration</c> (for example <c>na1</c>); null when the API endpoint was overridden.</summary>
        public string? Area { get; private set; }

        /// <summary>The cluster from <c>cxone-configuration</c> (for example <c>B32</c>, opaque); null when the API endpoint was overridden.</summary>
        public string? Cluster { get; private set; }

        /// <summary>The user id from the <c>sub</c> claim without its <c>user:</c> prefix, when present.</summary>
        public string? UserId { get; private set; }

        /// <summary>The agent id (<c>icAgentId</c> claim), when present.</summary>
        public string? AgentId { get; private set; }

        /// <summary>The business unit id (<c>icBUId</c> claim), when present.</summary>
        public string? BusinessUnitId { get; private set; }

        /// <summary>The kind of credential the session logged in with (a script may compare it with a name: <c>'AccessKey'</c>).</summary>
        public CXoneCredentialKind CredentialKind { get; private set; }

        /// <summary>False for an access token the user brought (it is never renewed); true otherwise.</summary>
        public bool CanRefresh { get; private set; }

        /// <summary>Expiry (UTC) of the token currently cached, or null when none is cached (after an invalidation).</summary>
        public DateTimeOffset? TokenExpiresOn => _cache?.Current?.ExpiresOn;

        /// <summary>The retry and time settings of the session's HTTP pipeline, to read (a snapshot of
        /// <see cref="CXoneSessionOptions.Http"/> taken on connect; it cannot change the session).</summary>
        public CXoneHttpSettings HttpSettings { get; private set; } = null!;

        // Internal, never public: whoever holds the session (every PowerShell user holding $s) must not reach the clock,
        // the mutable HTTP options, the token cache, the HTTP clients or the token itself (rules of the house, rule 3).
        // The cmdlet layer, the tests and the benchmarks see them through InternalsVisibleTo.

        /// <summary>The session's clock.</summary>
        internal TimeProvider TimeProvider { get; private set; } = null!;

        /// <summary>The session's HTTP options (a copy of <see cref="CXoneSessionOptions.Http"/>), shared by its clients.</summary>
        internal CXoneHttpOptions HttpOptions { get; private set; } = null!;

        /// <summary>The session's token cache (single-flight, refresh-ahead); what the API pipeline asks on every attempt.</summary>
        internal ITokenProvider Tokens { get; private set; } = null!;

        /// <summary>
        /// Returns a valid token from the cache, renewing first when it is due (or always when
        /// <paramref name="forceRefresh"/>; a static token is returned as is, with a warning).
        /// </summary>
        /// <param name="forceRefresh">True renews now (shared with any renewal already in flight).</param>
        /// <param name="cancellationToken">Cancels this caller's wait.</param>
        /// <returns>A token that has not expired.</returns>
        /// <exception cref="CXoneException"><see cref="CXoneErrorKind.ReconnectRequired"/>, <see cref="CXoneErrorKind.TokenExpired"/>,
        /// or the kinds of <see cref="ConnectAsync"/> for a renewal that failed with no valid token left.</exception>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        internal Task<AccessToken> GetTokenAsync(bool forceRefresh = false, CancellationToken cancellationToken = default)
        {
            if (_disposed || _cache is null)
            {
                throw new ObjectDisposedException(nameof(CXoneSession), "The CXone session was disposed.");
            }

            return _cache.GetTokenAsync(forceRefresh, cancellationToken);
        }

        /// <summary>
        /// The client for CXone API calls: the pipeline of <see cref="CXoneHttpPipeline.CreateApiHandler"/> (bearer
        /// token from <see cref="Tokens"/> on every attempt) over the transport. <c>BaseAddress</c> = <see cref="ApiEndpoint"/>.
        /// </summary>
        internal HttpClient ApiHttp { get; private set; } = null!;

        /// <summary>The client for media files (<c>fileToPlayUrl</c>): <see cref="CXoneHttpPipeline.CreateStorageHandler"/>, which never
        /// sends the bearer token and strips any Authorization header (docs/cxone-api.md section 4).</summary>
        internal HttpClient StorageHttp { get; private set; } = null!;

        /// <summary>Forgets the tokens and releases the HTTP clients (CXone has no revocation endpoint). Idempotent.</summary>
        public void Dispose()
        {
            lock (_disposeGate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
            }

            _cache?.Dispose();
            ApiHttp?.Dispose();
            StorageHttp?.Dispose();
            _authHttp?.Dispose();
            _ownedTransport?.Dispose();
        }

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

        private static bool Contains(System.Collections.Generic.IReadOnlyList<string> list, string value)
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

        /// <summary>Lets several handler chains share one transport without disposing it.</summary>
        private sealed class SharedTransport : DelegatingHandler
        {
            public SharedTransport(HttpMessageHandler inner)
                : base(inner)
            {
            }

            protected override void Dispose(bool disposing)
            {
                // The session disposes the transport it owns; a caller's transport stays theirs.
            }
        }

        /// <summary>Describes the session without secrets: tenant, API endpoint, credential kind, token expiry.</summary>
        /// <returns>For example <c>CXone session tenant Acme (na1) https://api-na1.niceincontact.com/ AccessKey</c>.</returns>
        public override string ToString() =>
            "CXone session tenant " + (TenantName ?? TenantId) + (Area is null ? string.Empty : " (" + Area + ")") + " " + ApiEndpoint + " " + CredentialKind;
    }
}
