using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Http;

namespace CXone.Core
{
    /// <summary>
    /// A connection to one CXone tenant: the issuer, the discovered token and API endpoints, who is logged in,
    /// the credential, the session's token cache and its HTTP clients (shared/design.md rule 3). Thread-safe:
    /// any number of workers may share one session and so share one token refresh. Disposable.
    /// </summary>
    /// <remarks>The requests layer adds its clients (<c>Api</c>, <c>Contacts</c>, <c>Recordings</c>) in
    /// <c>CXoneSession.Clients.cs</c>. <see cref="object.ToString"/> shows no secret.</remarks>
    public sealed partial class CXoneSession : IDisposable
    {
        private CXoneSession()
        {
            throw new NotImplementedException();
        }

        /// <summary>
        /// Connects: validates the options, discovers the token endpoint from the issuer's OIDC document (unless
        /// <see cref="CXoneSessionOptions.TokenEndpoint"/> is set), gets the first token with the credential, reads
        /// the <c>tenantId</c> claim and discovers the API endpoint from <c>cxone-configuration</c> (unless
        /// <see cref="CXoneSessionOptions.ApiEndpoint"/> is set) (shared/cxone-api.md sections 1 and 2).
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
        public static Task<CXoneSession> ConnectAsync(CXoneSessionOptions options, CancellationToken cancellationToken = default)
        {
            throw new NotImplementedException();
        }

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

        /// <summary>The credential kind: <c>AccessKey</c>, <c>UserPassword</c>, <c>ClientCredentials</c>,
        /// <c>AuthorizationCode</c>, <c>RefreshToken</c> or <c>AccessToken</c>.</summary>
        public string CredentialKind { get; private set; } = string.Empty;

        /// <summary>False for an access token the user brought (it is never renewed); true otherwise.</summary>
        public bool CanRefresh { get; private set; }

        /// <summary>Expiry (UTC) of the token currently cached, or null when none is cached (after an invalidation).</summary>
        public DateTimeOffset? TokenExpiresOn => throw new NotImplementedException();

        /// <summary>The session's clock.</summary>
        public TimeProvider TimeProvider { get; private set; } = null!;

        /// <summary>The session's HTTP settings (a copy of <see cref="CXoneSessionOptions.Http"/>).</summary>
        public CXoneHttpOptions HttpOptions { get; private set; } = null!;

        /// <summary>The session's token cache (single-flight, refresh-ahead); what the API pipeline asks on every attempt.</summary>
        public ITokenProvider Tokens { get; private set; } = null!;

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
        public Task<AccessToken> GetTokenAsync(bool forceRefresh = false, CancellationToken cancellationToken = default)
        {
            throw new NotImplementedException();
        }

        /// <summary>
        /// The client for CXone API calls: the pipeline of <see cref="CXoneHttpPipeline.CreateApiHandler"/> (bearer
        /// token from <see cref="Tokens"/> on every attempt) over the transport. <c>BaseAddress</c> = <see cref="ApiEndpoint"/>.
        /// </summary>
        public HttpClient ApiHttp { get; private set; } = null!;

        /// <summary>The client for media files (<c>fileToPlayUrl</c>): no bearer token is ever added (shared/cxone-api.md section 4).</summary>
        public HttpClient StorageHttp { get; private set; } = null!;

        /// <summary>Forgets the tokens and releases the HTTP clients (CXone has no revocation endpoint). Idempotent.</summary>
        public void Dispose()
        {
            throw new NotImplementedException();
        }

        /// <summary>Describes the session without secrets: tenant, API endpoint, credential kind, token expiry.</summary>
        /// <returns>For example <c>CXone session tenant Acme (na1) https://api-na1.niceincontact.com/ AccessKey</c>.</returns>
        public override string ToString() =>
            "CXone session tenant " + (TenantName ?? TenantId) + (Area is null ? string.Empty : " (" + Area + ")") + " " + ApiEndpoint + " " + CredentialKind;
    }
}
