using System;
using System.Globalization;
using System.Text.Json;
using CXone.Core.Api;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Auth
{
    /// <summary>A successful token answer (docs/cxone-api.md sections 2, 6 and 9), whichever spelling it came in.</summary>
    internal sealed class TokenResponse
    {
        public TokenResponse(string accessToken, string tokenType, long expiresIn, string? refreshToken, Uri? resourceServerBaseUri = null)
        {
            AccessToken = accessToken;
            TokenType = tokenType;
            ExpiresIn = expiresIn;
            RefreshToken = refreshToken;
            ResourceServerBaseUri = resourceServerBaseUri;
        }

        public string AccessToken { get; }

        public string TokenType { get; }

        /// <summary>Lifetime in seconds.</summary>
        public long ExpiresIn { get; }

        public string? RefreshToken { get; }

        /// <summary>The <c>resource_server_base_uri</c> some answers carry (an absolute URI), or null.</summary>
        public Uri? ResourceServerBaseUri { get; }
    }

    /// <summary>
    /// Reads a token answer in one place, tolerant of the spellings seen (docs/cxone-api.md sections 2 and 6): the OAuth
    /// names <c>access_token</c>, <c>expires_in</c>, <c>refresh_token</c>, and the older UserHub names <c>token</c>,
    /// <c>tokenExpirationTimeSec</c>, <c>refreshToken</c>; <c>expires_in</c> as a number or a numeric string; an
    /// optional <c>resource_server_base_uri</c>. Anything a bearer header cannot safely carry is refused.
    /// </summary>
    internal static class TokenAnswer
    {
        /// <summary>The longest token lifetime accepted from a token endpoint: ten years, in seconds.</summary>
        internal const long MaxLifetimeSeconds = 10L * 366 * 24 * 3600;

        /// <summary>Parses a 2xx answer of a token endpoint.</summary>
        /// <param name="answer">The answer (status, body, host).</param>
        /// <param name="what">What answered, for messages ("token endpoint", "access-key login").</param>
        /// <returns>The token, its lifetime in seconds, the refresh token and base URI when present.</returns>
        /// <exception cref="CXoneException">Kind <see cref="CXoneErrorKind.InvalidResponse"/>: not JSON, no token, no or a bad lifetime, not Bearer.</exception>
        public static TokenResponse Parse(AuthAnswer answer, string what)
        {
            var json = JsonRead.ParseObject(answer.Body);
            if (json is null)
            {
                throw AuthErrors.InvalidAnswer(answer, what, "is not JSON");
            }

            var root = json.Value;
            var accessToken = JsonRead.StringValue(root, "access_token") ?? JsonRead.StringValue(root, "token");
            if (string.IsNullOrEmpty(accessToken))
            {
                throw AuthErrors.InvalidAnswer(answer, what, "has no access_token");
            }

            var expiresIn = ReadLifetime(answer, what, root);
            if (!IsTokenText(accessToken!))
            {
                throw AuthErrors.InvalidAnswer(answer, what, "has an access_token with spaces or control characters");
            }

            var tokenType = JsonRead.StringValue(root, "token_type");
            if (!string.IsNullOrEmpty(tokenType) && !string.Equals(tokenType, "Bearer", StringComparison.OrdinalIgnoreCase))
            {
                // Only bearer tokens are sent; anything else (MAC, DPoP, a CR/LF) would go out as a header we never vetted.
                throw AuthErrors.InvalidAnswer(answer, what, "has a token_type other than Bearer ('" + Redactor.Excerpt(tokenType, 40) + "')");
            }

            var refreshToken = JsonRead.StringValue(root, "refresh_token") ?? JsonRead.StringValue(root, "refreshToken");

            // Opaque tokens (Genesys Cloud, some UserHub answers) are not recognisable by shape: mask them by value.
            if (!Jwt.LooksLikeJwt(accessToken))
            {
                Redactor.AddSecret(accessToken);
            }

            if (!string.IsNullOrEmpty(refreshToken) && !Jwt.LooksLikeJwt(refreshToken))
            {
                Redactor.AddSecret(refreshToken);
            }

            var baseText = JsonRead.StringValue(root, "resource_server_base_uri");
            var baseUri = baseText != null && Uri.TryCreate(baseText, UriKind.Absolute, out var parsed) ? parsed : null;
            return new TokenResponse(accessToken!, "Bearer", expiresIn, string.IsNullOrEmpty(refreshToken) ? null : refreshToken, baseUri);
        }

        private static long ReadLifetime(AuthAnswer answer, string what, JsonElement root)
        {
            JsonElement expires;
            if ((!JsonRead.TryGet(root, "expires_in", out expires) || expires.ValueKind == JsonValueKind.Null) &&
                (!JsonRead.TryGet(root, "tokenExpirationTimeSec", out expires) || expires.ValueKind == JsonValueKind.Null))
            {
                throw AuthErrors.InvalidAnswer(answer, what, "has no expires_in");
            }

            long expiresIn;
            if (expires.ValueKind == JsonValueKind.Number && expires.TryGetInt64(out var n))
            {
                expiresIn = n;
            }
            else if (expires.ValueKind == JsonValueKind.String &&
                     long.TryParse(expires.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var text))
            {
                expiresIn = text;
            }
            else
            {
                throw AuthErrors.InvalidAnswer(answer, what, "has an expires_in that is not a whole number of seconds");
            }

            if (expiresIn <= 0)
            {
                throw AuthErrors.InvalidAnswer(answer, what, "has an expires_in that is not positive");
            }

            if (expiresIn > MaxLifetimeSeconds)
            {
                // 1e15 or long.MaxValue seconds cannot be a date at all; nothing real lives past ten years.
                throw AuthErrors.InvalidAnswer(answer, what, "has an expires_in of more than ten years (" + expiresIn.ToString(CultureInfo.InvariantCulture) + " s)");
            }

            return expiresIn;
        }

        /// <summary>A token goes into an Authorization header: visible ASCII only (RFC 6750 b64token is a subset).</summary>
        private static bool IsTokenText(string token)
        {
            foreach (var c in token)
            {
                if (c <= 0x20 || c >= 0x7F)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
