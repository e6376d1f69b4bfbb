using System;
using CXone.Core.Diagnostics;

namespace CXone.Core.Auth
{
    /// <summary>
    /// Where a session's tokens come from: one subclass per grant (docs/cxone-api.md section 2). The session
    /// uses the credential for the first token and, when the refresh-token grant is refused, again to renew
    /// silently (access key, username + password, client credentials). Credentials that need a person (browser
    /// login) or that the user brought (refresh token, access token) cannot renew that way: the session then
    /// fails with <see cref="Errors.CXoneErrorKind.ReconnectRequired"/> or <see cref="Errors.CXoneErrorKind.TokenExpired"/>.
    /// </summary>
    /// <remarks>Secret values given to a credential are registered with <see cref="Redactor.AddSecret"/> at
    /// construction, so they are masked in every text Core produces. <see cref="object.ToString"/> never shows them.</remarks>
    public abstract class CXoneCredential
    {
        internal CXoneCredential()
        {
        }

        /// <summary>The credential kind, as shown by <see cref="CXoneSession.CredentialKind"/>.</summary>
        public abstract CXoneCredentialKind Kind { get; }

        /// <summary>True when the credential can get a new token without a person (used after a refused refresh token).</summary>
        public abstract bool CanReauthenticateSilently { get; }

        /// <summary>The OAuth grant type sent for the first token (for example <c>password</c>), or null for a token the user brought.</summary>
        internal abstract string? GrantType { get; }

        /// <summary>False when a refresh token in an answer must not be used to renew (its endpoint is unknown): renew with the credential.</summary>
        internal virtual bool RenewsWithRefreshToken => true;

        /// <summary>Describes the credential without any secret, for example <c>AccessKey (key id ABCD...)</c>.</summary>
        /// <returns>The kind and non-secret identifiers.</returns>
        public override string ToString() => Kind.ToString();

        internal static string Require(string? value, string name)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException("The " + name + " is empty.", name);
            }

            return value!;
        }
    }

    /// <summary>
    /// An access key (NICE's recommended automation login): the password grant with the access key id as
    /// <c>username</c> and the access key secret as <c>password</c> (docs/cxone-api.md section 2). Both values
    /// usually end in <c>=</c> padding; they are url-encoded on the wire. Renews silently.
    /// </summary>
    public sealed class AccessKeyCredential : CXoneCredential
    {
        /// <summary>Creates the credential and registers <paramref name="accessKeySecret"/> with the redactor.</summary>
        /// <param name="accessKeyId">The access key id (not secret).</param>
        /// <param name="accessKeySecret">The access key secret (secret).</param>
        /// <exception cref="ArgumentException">A value is null or empty.</exception>
        public AccessKeyCredential(string accessKeyId, string accessKeySecret)
        {
            AccessKeyId = Require(accessKeyId, nameof(accessKeyId));
            AccessKeySecret = Require(accessKeySecret, nameof(accessKeySecret));
            Redactor.AddSecret(accessKeySecret);
        }

        /// <summary>The access key id (sent as <c>username</c>).</summary>
        public string AccessKeyId { get; }

        internal string AccessKeySecret { get; }

        /// <inheritdoc />
        public override CXoneCredentialKind Kind => CXoneCredentialKind.AccessKey;

        /// <inheritdoc />
        public override bool CanReauthenticateSilently => true;

        internal override string? GrantType => "password";

        /// <inheritdoc />
        public override string ToString() => Kind + " (key id " + AccessKeyId + ")";
    }

    /// <summary>
    /// A CXone username and password: the password grant (docs/cxone-api.md section 2). Renews silently.
    /// </summary>
    public sealed class UsernamePasswordCredential : CXoneCredential
    {
        /// <summary>Creates the credential and registers <paramref name="password"/> with the redactor.</summary>
        /// <param name="username">The CXone user name (not secret).</param>
        /// <param name="password">The password (secret).</param>
        /// <exception cref="ArgumentException">A value is null or empty.</exception>
        public UsernamePasswordCredential(string username, string password)
        {
            Username = Require(username, nameof(username));
            Password = Require(password, nameof(password));
            Redactor.AddSecret(password);
        }

        /// <summary>The user name.</summary>
        public string Username { get; }

        internal string Password { get; }

        /// <inheritdoc />
        public override CXoneCredentialKind Kind => CXoneCredentialKind.UserPassword;

        /// <inheritdoc />
        public override bool CanReauthenticateSilently => true;

        internal override string? GrantType => "password";

        /// <inheritdoc />
        public override string ToString() => Kind + " (user " + Username + ")";
    }

    /// <summary>
    /// The client credentials grant with the session's client id and client secret. NICE's published schema has
    /// no such grant [?] (docs/cxone-api.md section 2): issuers that refuse it answer
    /// <c>unsupported_grant_type</c>, which surfaces as <see cref="Errors.CXoneErrorKind.UnsupportedGrant"/>
    /// recommending an access key. Renews silently.
    /// </summary>
    public sealed class ClientCredentialsCredential : CXoneCredential
    {
        /// <summary>Creates the credential; the client id and secret come from <see cref="CXoneSessionOptions"/>.</summary>
        public ClientCredentialsCredential()
        {
        }

        /// <inheritdoc />
        public override CXoneCredentialKind Kind => CXoneCredentialKind.ClientCredentials;

        /// <inheritdoc />
        public override bool CanReauthenticateSilently => true;

        internal override string? GrantType => "client_credentials";
    }

    /// <summary>
    /// Interactive browser login: the authorization code grant with PKCE S256 and a loopback redirect
    /// (<c>http://127.0.0.1:&lt;free port&gt;/</c>) (docs/cxone-api.md section 2). Renews with the refresh
    /// token only; when that is refused the session asks to connect again (it never opens a browser by itself
    /// during renewal).
    /// </summary>
    public sealed class AuthorizationCodeCredential : CXoneCredential
    {
        /// <summary>Creates the credential.</summary>
        /// <param name="options">Launcher, timeout, redirect URI and interactivity; null means defaults.</param>
        public AuthorizationCodeCredential(AuthorizationCodeOptions? options = null)
        {
            Options = options ?? new AuthorizationCodeOptions();
        }

        /// <summary>The settings of the browser login.</summary>
        public AuthorizationCodeOptions Options { get; }

        /// <inheritdoc />
        public override CXoneCredentialKind Kind => CXoneCredentialKind.AuthorizationCode;

        /// <inheritdoc />
        public override bool CanReauthenticateSilently => false;

        internal override string? GrantType => "authorization_code";
    }

    /// <summary>Settings of the authorization code flow (<see cref="AuthorizationCodeCredential"/>).</summary>
    public sealed class AuthorizationCodeOptions
    {
        /// <summary>Opens the authorize URL; null means <see cref="SystemBrowserLauncher"/>.</summary>
        public IBrowserLauncher? Launcher { get; set; }

        /// <summary>How long to wait for the user to answer in the browser (default 120 s), measured on the session's TimeProvider.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

        /// <summary>
        /// The loopback redirect URI to listen on, for example <c>http://127.0.0.1:53682/</c>; it must be http on
        /// a loopback host and end with <c>/</c>. Null (default) picks a free port on 127.0.0.1.
        /// </summary>
        public Uri? RedirectUri { get; set; }

        /// <summary>
        /// Whether a person can answer in a browser. Null (default) decides: with a custom <see cref="Launcher"/>
        /// the host is trusted; with the system browser the login is refused when <c>CI</c>, <c>GITHUB_ACTIONS</c>
        /// or <c>TF_BUILD</c> is set, or on Linux without <c>DISPLAY</c>/<c>WAYLAND_DISPLAY</c>. False always refuses
        /// with <see cref="Errors.CXoneErrorKind.InteractiveLoginUnavailable"/> before any request.
        /// </summary>
        public bool? IsInteractive { get; set; }

        /// <summary>
        /// The authorization endpoint. Null (default) takes <c>authorization_endpoint</c> from the OIDC document,
        /// or <c>{issuer}/auth/authorize</c> when the token endpoint was overridden and discovery skipped.
        /// </summary>
        public Uri? AuthorizationEndpoint { get; set; }

        /// <summary>Optional <c>tenantId</c> parameter added to the authorize URL (docs/cxone-api.md section 2).</summary>
        public string? TenantId { get; set; }
    }

    /// <summary>
    /// A refresh token the user brings (for example from another tool). The first token and every renewal use
    /// the refresh-token grant with the session's client id; when the issuer refuses it the session asks to
    /// connect again. The value is registered with the redactor.
    /// </summary>
    public sealed class RefreshTokenCredential : CXoneCredential
    {
        /// <summary>Creates the credential and registers <paramref name="refreshToken"/> with the redactor.</summary>
        /// <param name="refreshToken">The refresh token (secret).</param>
        /// <exception cref="ArgumentException">The value is null or empty.</exception>
        public RefreshTokenCredential(string refreshToken)
        {
            RefreshToken = Require(refreshToken, nameof(refreshToken));
            Redactor.AddSecret(refreshToken);
        }

        internal string RefreshToken { get; }

        /// <inheritdoc />
        public override CXoneCredentialKind Kind => CXoneCredentialKind.RefreshToken;

        /// <inheritdoc />
        public override bool CanReauthenticateSilently => false;

        internal override string? GrantType => "refresh_token";
    }

    /// <summary>
    /// An access token the user brings. It is never refreshed: its expiry is read from the JWT <c>exp</c> claim
    /// and stated as a warning when the session connects; after it, every call fails with
    /// <see cref="Errors.CXoneErrorKind.TokenExpired"/> ("this token cannot be refreshed; connect again with an
    /// access key"). No client id or secret is needed. The value is registered with the redactor.
    /// </summary>
    public sealed class StaticAccessTokenCredential : CXoneCredential
    {
        /// <summary>Creates the credential and registers <paramref name="accessToken"/> with the redactor.</summary>
        /// <param name="accessToken">The bearer token (a JWT on CXone; secret).</param>
        /// <exception cref="ArgumentException">The value is null or empty.</exception>
        public StaticAccessTokenCredential(string accessToken)
        {
            AccessToken = Require(accessToken, nameof(accessToken));
            Redactor.AddSecret(accessToken);
        }

        internal string AccessToken { get; }

        /// <inheritdoc />
        public override CXoneCredentialKind Kind => CXoneCredentialKind.AccessToken;

        /// <inheritdoc />
        public override bool CanReauthenticateSilently => false;

        internal override string? GrantType => null;
    }
}
