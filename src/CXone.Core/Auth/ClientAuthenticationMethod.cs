namespace CXone.Core.Auth
{
    /// <summary>
    /// How the client (the app registration: client id and client secret) authenticates to the token endpoint
    /// (docs/cxone-api.md section 2).
    /// </summary>
    public enum ClientAuthenticationMethod
    {
        /// <summary>
        /// HTTP Basic (<c>client_secret_basic</c>) unless the OIDC document's
        /// <c>token_endpoint_auth_methods_supported</c> lists only <c>client_secret_post</c>. The default.
        /// </summary>
        Auto,

        /// <summary>HTTP Basic: <c>Authorization: Basic base64(urlencode(client_id) ":" urlencode(client_secret))</c>.</summary>
        Basic,

        /// <summary><c>client_secret_post</c>: <c>client_id</c> and <c>client_secret</c> in the form body.</summary>
        Post,
    }
}
