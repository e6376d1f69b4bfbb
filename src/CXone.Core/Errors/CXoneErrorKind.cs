namespace CXone.Core.Errors
{
    /// <summary>
    /// What went wrong, in terms a CXone admin can act on. The PowerShell layer turns each kind into the
    /// stable ErrorId <c>CXone.&lt;Kind&gt;</c> (for example <c>CXone.RecordingNotFound</c>); the names are
    /// part of the public contract and must not change.
    /// </summary>
    public enum CXoneErrorKind
    {
        /// <summary>The issuer refused the credentials or the client (HTTP 400/401 from the token endpoint, 401 from the API).</summary>
        AuthenticationFailed,
        /// <summary>The issuer does not accept the grant type (for example client credentials on CXone; docs/cxone-api.md section 2).</summary>
        UnsupportedGrant,
        /// <summary>The API user lacks a permission (HTTP 403).</summary>
        Forbidden,
        /// <summary>The resource does not exist (HTTP 404 from an admin API).</summary>
        NotFound,
        /// <summary>Media playback answered 404: no recording for that contact (docs/cxone-api.md section 4).</summary>
        RecordingNotFound,
        /// <summary>Throttled (HTTP 429) after every retry the policy allows.</summary>
        RateLimited,
        /// <summary>A request or the whole retry budget ran out of time.</summary>
        Timeout,
        /// <summary>The host could not be reached or the connection dropped.</summary>
        NetworkFailure,
        /// <summary>The service answered with something that is not the documented shape (HTML, malformed JSON, missing fields).</summary>
        InvalidResponse,
        /// <summary>The service failed (HTTP 5xx) after every retry the policy allows.</summary>
        ServerError,
        /// <summary>The service rejected the request as malformed (HTTP 400 from an admin API, 409, 422 and other 4xx).</summary>
        BadRequest,
        /// <summary>No session: Connect-CXone has not run in this runspace.</summary>
        NotConnected,
        /// <summary>Neither the refresh token nor the original credential can renew the session: connect again.</summary>
        ReconnectRequired,
        /// <summary>A user-supplied access token has expired; it cannot be refreshed.</summary>
        TokenExpired,
        /// <summary>An interactive (browser) login was asked for where no user can answer.</summary>
        InteractiveLoginUnavailable,
        /// <summary>The caller passed a value that cannot work (bad URI, missing setting, path outside the target folder).</summary>
        InvalidArgument,
        /// <summary>The disk (or the user's quota) ran out of space while a file was written; nothing partial was kept.</summary>
        DiskFull,
        /// <summary>A proxy between here and CXone answered 407: it wants credentials (Connect-CXone -ProxyCredential) or refused the ones given.</summary>
        ProxyAuthenticationRequired,

        /// <summary>The API refused one agent/skill pair of a batch (its per-item answer says why); the other pairs are unaffected (docs/cxone-api.md section 7).</summary>
        AgentSkillFailed,

        /// <summary>An access-key login without an app registration was asked for, but nothing says which CXone area (na1, eu1, ...) to log in at (docs/cxone-api.md section 6).</summary>
        AreaRequired,

        /// <summary>A command that asks before it changes something (ConfirmImpact High, or -Confirm) ran where no person can answer; nothing was changed.</summary>
        ConfirmationRequired,
    }
}
