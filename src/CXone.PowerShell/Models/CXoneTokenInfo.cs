using System;
using System.Security;
using CXone.Core;
using CXone.Core.Auth;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Models
{
    /// <summary>
    /// What Get-CXoneToken returns: the access token as a <see cref="SecureString"/>, its type, expiry (UTC),
    /// tenant and API endpoint. The table view and <see cref="ToString"/> never show the value.
    /// </summary>
    public sealed class CXoneTokenInfo
    {
        internal CXoneTokenInfo(AccessToken token, CXoneSession session)
        {
            Token = SecureStrings.Protect(token.Token);
            TokenType = token.TokenType;
            ExpiresOn = token.ExpiresOn;
            TenantId = session.TenantId;
            ApiEndpoint = session.ApiEndpoint;
        }

        /// <summary>The access token (use it as <c>-Token</c> of Invoke-RestMethod with <c>-Authentication Bearer</c>).</summary>
        public SecureString Token { get; }

        /// <summary>The token type, usually <c>Bearer</c>.</summary>
        public string TokenType { get; }

        /// <summary>When the issuer stops accepting the token (UTC).</summary>
        public DateTimeOffset ExpiresOn { get; }

        /// <summary>The tenant id.</summary>
        public string TenantId { get; }

        /// <summary>The API endpoint the token is for.</summary>
        public Uri ApiEndpoint { get; }

        /// <summary>For example <c>Bearer token, expires 2026-11-21T15:00:00Z</c>; never the value.</summary>
        public override string ToString() => Describe(TokenType, ExpiresOn);

        internal static string Describe(string type, DateTimeOffset expiresOn) =>
            type + " token, expires " + expiresOn.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What <c>Get-CXoneToken -AsPlainText</c> returns: the access token as plain text, its type, expiry (UTC),
    /// tenant and API endpoint. The table view and <see cref="ToString"/> still mask the value.
    /// </summary>
    public sealed class CXonePlainTextToken
    {
        internal CXonePlainTextToken(AccessToken token, CXoneSession session)
        {
            Token = token.Token;
            TokenType = token.TokenType;
            ExpiresOn = token.ExpiresOn;
            TenantId = session.TenantId;
            ApiEndpoint = session.ApiEndpoint;
        }

        /// <summary>The access token in plain text: a secret; do not log it.</summary>
        public string Token { get; }

        /// <summary>The token type, usually <c>Bearer</c>.</summary>
        public string TokenType { get; }

        /// <summary>When the issuer stops accepting the token (UTC).</summary>
        public DateTimeOffset ExpiresOn { get; }

        /// <summary>The tenant id.</summary>
        public string TenantId { get; }

        /// <summary>The API endpoint the token is for.</summary>
        public Uri ApiEndpoint { get; }

        /// <summary>For example <c>Bearer token, expires 2026-11-21T15:00:00Z</c>; never the value.</summary>
        public override string ToString() => CXoneTokenInfo.Describe(TokenType, ExpiresOn);
    }
}
