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
        private bool _discoveredApi;

        private CXoneSession()
        {
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

        /// <summary>Which login ran (for example <c>UserHubAccessKey</c>, <c>PasswordGrant</c>, <c>GenesysCloudClientCredentials</c>;
        /// docs/cxone-api.md sections 2, 6 and 9); a script may compare it with a name.</summary>
        public CXoneLogin Login { get; private set; }

        /// <summary>
        /// The path (relative to <see cref="ApiEndpoint"/>) that <see cref="TestConnectionAsync"/> GETs: the option's
        /// path, else CXone's <c>server-time</c> for a CXone API endpoint; null when there is no check (Genesys Cloud or
        /// another issuer without a path given).
        /// </summary>
        public string? ConnectionCheckPath { get; private set; }

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
