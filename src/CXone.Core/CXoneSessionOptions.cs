using System;
using System.Collections.Generic;
using System.Net.Http;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Http;

namespace CXone.Core
{
    /// <summary>
    /// Everything <see cref="CXoneSession.ConnectAsync"/> needs: where to log in (issuer or environment, optional
    /// token endpoint and API endpoint overrides), the client registration, the credential, and the token cache,
    /// HTTP and clock settings. Only the issuer is needed for discovery (docs/cxone-api.md section 1).
    /// </summary>
    public sealed partial class CXoneSessionOptions
    {
        /// <summary>The issuer <c>https://cxone.niceincontact.com</c> (<see cref="CXoneEnvironment.Global"/>).</summary>
        public static readonly Uri GlobalIssuer = new Uri("https://cxone.niceincontact.com/");

        /// <summary>The issuer <c>https://cxone-gov.niceincontact.com</c> (<see cref="CXoneEnvironment.FedRAMP"/>).</summary>
        public static readonly Uri FedRampIssuer = new Uri("https://cxone-gov.niceincontact.com/");

        /// <summary>
        /// The issuer to discover from; wins over <see cref="Environment"/>. Must be an absolute https URI; http is
        /// accepted only for loopback hosts (127.0.0.1, ::1, localhost). Null means the environment's issuer.
        /// </summary>
        public Uri? Issuer { get; set; }

        /// <summary>The well-known environment used when <see cref="Issuer"/> is null (default <see cref="CXoneEnvironment.Global"/>).</summary>
        public CXoneEnvironment Environment { get; set; } = CXoneEnvironment.Global;

        /// <summary>Token endpoint override: when set, the OIDC document is not fetched (same https rule as <see cref="Issuer"/>).</summary>
        public Uri? TokenEndpoint { get; set; }

        /// <summary>API endpoint override (for example <c>https://api-na1.niceincontact.com</c>): when set,
        /// <c>cxone-configuration</c> is not fetched (same https rule as <see cref="Issuer"/>).</summary>
        public Uri? ApiEndpoint { get; set; }

        /// <summary>The client id of the app registration. Needed by every credential except <see cref="StaticAccessTokenCredential"/>.</summary>
        public string? ClientId { get; set; }

        /// <summary>The client secret of the app registration (secret: registered with the redactor on connect).
        /// Needed for access key, username + password and client credentials; optional for the code flow and a refresh token.</summary>
        public string? ClientSecret { get; set; }

        /// <summary>How the client authenticates to the token endpoint (default <see cref="ClientAuthenticationMethod.Auto"/>).</summary>
        public ClientAuthenticationMethod ClientAuthentication { get; set; } = ClientAuthenticationMethod.Auto;

        /// <summary>Where tokens come from. Required.</summary>
        public CXoneCredential? Credential { get; set; }

        /// <summary>
        /// How long before expiry the token cache renews (default 300 s). Never more than half the token's
        /// lifetime: a 3600 s token is renewed 300 s early, a 400 s token 200 s early. Zero renews at expiry.
        /// </summary>
        public TimeSpan RefreshAhead { get; set; } = TimeSpan.FromSeconds(300);

        /// <summary>
        /// After a failed refresh-ahead renewal while the current token is still valid, the wait before the next
        /// attempt (default 30 s; doubles after each further failure, never beyond the token's expiry).
        /// </summary>
        public TimeSpan RefreshRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// The most time one discovery or token request may take (null: <see cref="CXoneHttpOptions.AttemptTimeout"/>
        /// of <see cref="Http"/>). On expiry the call fails with <see cref="CXoneErrorKind.Timeout"/> naming the host.
        /// </summary>
        public TimeSpan? TokenRequestTimeout { get; set; }

        /// <summary>Retry and timeout settings of the session's HTTP pipeline (copied on connect).</summary>
        public CXoneHttpOptions Http { get; set; } = new CXoneHttpOptions();

        /// <summary>The clock for token expiry, refresh-ahead, backoff and timeouts (default <see cref="System.TimeProvider.System"/>).</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>
        /// The innermost HTTP handler. Null (default) creates an <see cref="HttpClientHandler"/> (redirects not
        /// followed by it) that the session owns and disposes. A handler given here is shared by the session's clients
        /// and is not disposed by it; it must not follow redirects itself (<c>AllowAutoRedirect = false</c>): the
        /// session decides which to follow, and refuses an answer that such a handler fetched from another origin.
        /// </summary>
        public HttpMessageHandler? Transport { get; set; }

        /// <summary>
        /// The proxy for every request of the session (discovery, token, API, storage); null: the system proxy and,
        /// on PowerShell 7, <c>HTTPS_PROXY</c>/<c>NO_PROXY</c>. Applies only when <see cref="Transport"/> is null.
        /// </summary>
        public CXoneProxyOptions? Proxy { get; set; }

        /// <summary>
        /// The CXone area of the tenant (<c>na1</c>, <c>au1</c>, <c>eu1</c>, ...: lowercase letters then digits) for the
        /// access-key login without an app registration (<see cref="UserHubAccessKeyCredential"/>): it logs in at
        /// <c>https://{area}.nice-incontact.com</c> (docs/cxone-api.md section 6). <see cref="AuthEndpoint"/> wins.
        /// </summary>
        public string? Area { get; set; }

        /// <summary>
        /// The whole base of that login instead of an area, for example <c>https://na1.nice-incontact.com</c> (or the
        /// emulator); the path <c>authentication/v1/token/access-key</c> is added unless the URI already ends with it.
        /// Same https rule as <see cref="Issuer"/>.
        /// </summary>
        public Uri? AuthEndpoint { get; set; }

        /// <summary>
        /// Scopes to ask for. Null (default): the authorize URL asks for <c>openid</c> and the grants send no
        /// <c>scope</c> (CXone needs none). Given: sent on the authorize URL and with the password and client
        /// credentials grants; with <c>offline_access</c> the authorize URL also carries <c>prompt=consent</c> unless
        /// <see cref="Prompt"/> says otherwise (OpenID Connect Core section 11: providers drop the scope without it).
        /// </summary>
        public IList<string>? Scopes { get; set; }

        /// <summary>The <c>prompt</c> of the authorize URL (for example <c>login</c>, <c>consent</c>, <c>select_account</c>); null sends none (or <c>consent</c>, see <see cref="Scopes"/>).</summary>
        public string? Prompt { get; set; }

        /// <summary>
        /// The path (relative to the API endpoint) <see cref="CXoneSession.TestConnectionAsync"/> GETs. Null (default):
        /// CXone's <c>server-time</c> when the API endpoint is a CXone one, otherwise no check.
        /// </summary>
        public string? ConnectionCheckPath { get; set; }

        /// <summary>
        /// A Genesys Cloud region (<c>us-east-1</c>, <c>eu-central-1</c>, ...) or host (<c>mypurecloud.de</c>): the login
        /// goes to <c>https://login.{host}/oauth/token</c> (client credentials or a browser login, HTTP Basic) and the API
        /// to <c>https://api.{host}/</c>, without OIDC or tenant discovery (docs/cxone-api.md section 9).
        /// <see cref="TokenEndpoint"/> and <see cref="ApiEndpoint"/> override the hosts. Null (default): CXone.
        /// </summary>
        public string? GenesysCloudRegion { get; set; }

        /// <summary>Where discovery results are remembered (null: <see cref="CXoneDiscoveryCache.Shared"/>).</summary>
        public CXoneDiscoveryCache? DiscoveryCache { get; set; }

        /// <summary>A shallow copy (the credential, transport, clock and cache are shared; <see cref="Http"/> is cloned).</summary>
        /// <returns>The copy.</returns>
        public CXoneSessionOptions Clone()
        {
            var copy = (CXoneSessionOptions)MemberwiseClone();
            copy.Http = (Http ?? new CXoneHttpOptions()).Clone();
            copy.Proxy = Proxy?.Clone();
            copy.Scopes = Scopes is null ? null : new List<string>(Scopes);
            return copy;
        }

        /// <summary>The issuer to use: <see cref="Issuer"/>, or the issuer of <see cref="Environment"/>.</summary>
        /// <returns>An absolute URI.</returns>
        public Uri ResolveIssuer() => Issuer ?? (Environment == CXoneEnvironment.FedRAMP ? FedRampIssuer : GlobalIssuer);
    }
}
