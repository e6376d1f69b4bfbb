namespace CXone.Core.Auth
{
    /// <summary>Which kind of credential a session logged in with (docs/cxone-api.md section 2). The names are part of
    /// the public contract: scripts compare them (<c>$session.CredentialKind -eq 'AccessKey'</c>).</summary>
    public enum CXoneCredentialKind
    {
        /// <summary>An access key id and secret (<see cref="AccessKeyCredential"/>, the password grant); renews by itself.</summary>
        AccessKey,

        /// <summary>A username and password (<see cref="UsernamePasswordCredential"/>, the password grant); renews by itself.</summary>
        UserPassword,

        /// <summary>The client credentials grant (<see cref="ClientCredentialsCredential"/>); renews by itself.</summary>
        ClientCredentials,

        /// <summary>A browser login (<see cref="AuthorizationCodeCredential"/>, authorization code with PKCE).</summary>
        AuthorizationCode,

        /// <summary>A refresh token the user brought (<see cref="RefreshTokenCredential"/>).</summary>
        RefreshToken,

        /// <summary>An access token the user brought (<see cref="StaticAccessTokenCredential"/>); never renewed.</summary>
        AccessToken,
    }
}
