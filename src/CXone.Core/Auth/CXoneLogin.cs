namespace CXone.Core.Auth
{
    /// <summary>
    /// Which login a session ran (shown by <c>Get-CXoneSession</c> and in Connect-CXone's verbose line). Unlike
    /// <see cref="CXoneCredentialKind"/> (what the user gave), it names the protocol and platform. The names are part
    /// of the public contract: scripts compare them (<c>$session.Login -eq 'UserHubAccessKey'</c>).
    /// </summary>
    public enum CXoneLogin
    {
        /// <summary>The OIDC password grant with an app registration: an access key or a username and password (docs/cxone-api.md section 2).</summary>
        PasswordGrant,

        /// <summary>The UserHub access-key login without an app registration (docs/cxone-api.md section 6).</summary>
        UserHubAccessKey,

        /// <summary>The client credentials grant (docs/cxone-api.md section 2).</summary>
        ClientCredentials,

        /// <summary>The authorization code grant with PKCE (a browser login; docs/cxone-api.md section 2).</summary>
        AuthorizationCode,

        /// <summary>A refresh token the user brought.</summary>
        RefreshToken,

        /// <summary>An access token the user brought (never renewed).</summary>
        AccessToken,

        /// <summary>Genesys Cloud's client credentials grant at <c>https://login.{host}/oauth/token</c> (docs/cxone-api.md section 9).</summary>
        GenesysCloudClientCredentials,

        /// <summary>Genesys Cloud's authorization code grant with PKCE (docs/cxone-api.md section 9).</summary>
        GenesysCloudAuthorizationCode,
    }
}
