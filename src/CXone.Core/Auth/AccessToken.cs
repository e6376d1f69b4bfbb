using System;

namespace CXone.Core.Auth
{
    /// <summary>
    /// An access token with its timing, modelled on Azure.Core's AccessToken. Immutable.
    /// <see cref="ToString"/> never shows the token value.
    /// </summary>
    public sealed class AccessToken
    {
        /// <summary>Creates a token.</summary>
        /// <param name="token">The bearer value (a JWT on CXone). Never logged.</param>
        /// <param name="tokenType">Usually <c>Bearer</c>.</param>
        /// <param name="expiresOn">When the issuer stops accepting it (UTC).</param>
        /// <param name="refreshOn">When the cache should start renewing it (UTC); at or before <paramref name="expiresOn"/>.</param>
        /// <exception cref="ArgumentException">The token is empty.</exception>
        public AccessToken(string token, string tokenType, DateTimeOffset expiresOn, DateTimeOffset refreshOn)
        {
            if (string.IsNullOrEmpty(token))
            {
                throw new ArgumentException("The access token is empty.", nameof(token));
            }

            Token = token;
            TokenType = string.IsNullOrEmpty(tokenType) ? "Bearer" : tokenType;
            ExpiresOn = expiresOn.ToUniversalTime();
            RefreshOn = (refreshOn > expiresOn ? expiresOn : refreshOn).ToUniversalTime();
        }

        /// <summary>The bearer value. Never write it to output, logs or exceptions.</summary>
        public string Token { get; }

        /// <summary>The token type for the Authorization header, usually <c>Bearer</c>.</summary>
        public string TokenType { get; }

        /// <summary>Expiry (UTC).</summary>
        public DateTimeOffset ExpiresOn { get; }

        /// <summary>When refresh-ahead starts (UTC).</summary>
        public DateTimeOffset RefreshOn { get; }

        /// <summary>True when <paramref name="now"/> is at or past <see cref="ExpiresOn"/>.</summary>
        public bool IsExpired(DateTimeOffset now) => now >= ExpiresOn;

        /// <summary>A description without the token value, e.g. "Bearer token, expires 2026-11-21T14:05:00Z".</summary>
        public override string ToString() =>
            TokenType + " token, expires " + Diagnostics.UtcText.Seconds(ExpiresOn);
    }

    /// <summary>
    /// What the HTTP pipeline needs from authentication: a currently valid token for each attempt, and a way to
    /// say that the API rejected one. The session's token cache implements it (single-flight, refresh-ahead).
    /// </summary>
    public interface ITokenProvider
    {
        /// <summary>
        /// Returns a token that is valid now, renewing it first when needed. Concurrent callers share one renewal.
        /// </summary>
        /// <param name="cancellationToken">Cancels the wait (not a renewal other callers share).</param>
        /// <returns>A token that has not expired.</returns>
        /// <exception cref="Errors.CXoneException">No valid token can be had (kind ReconnectRequired, TokenExpired, AuthenticationFailed, ...).</exception>
        System.Threading.Tasks.Task<AccessToken> GetTokenAsync(System.Threading.CancellationToken cancellationToken);

        /// <summary>
        /// Reports that the API answered 401 for <paramref name="rejected"/>. Drops it only if it is still the
        /// current token: a late 401 for an older token never drops a newer one.
        /// </summary>
        void Invalidate(AccessToken rejected);
    }
}
