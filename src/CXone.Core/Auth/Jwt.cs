using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace CXone.Core.Auth
{
    /// <summary>
    /// Reads the claims of a JWT payload without checking its signature: the session only needs routing hints
    /// (<c>tenantId</c>) and display values; the issuer checks the token itself (docs/cxone-api.md section 2).
    /// </summary>
    internal static class Jwt
    {
        /// <summary>The payload's claims as text (numbers and booleans as their JSON text), or null when the value is not a JWT.</summary>
        public static IReadOnlyDictionary<string, string>? TryReadClaims(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            var parts = token!.Split('.');
            if (parts.Length < 2 || parts[1].Length == 0)
            {
                return null;
            }

            byte[] bytes;
            try
            {
                bytes = DecodeBase64Url(parts[1]);
            }
            catch (FormatException)
            {
                return null;
            }

            try
            {
                using (var doc = JsonDocument.Parse(bytes))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        return null;
                    }

                    var claims = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var property in doc.RootElement.EnumerateObject())
                    {
                        switch (property.Value.ValueKind)
                        {
                            case JsonValueKind.String:
                                claims[property.Name] = property.Value.GetString() ?? string.Empty;
                                break;
                            case JsonValueKind.Null:
                            case JsonValueKind.Undefined:
                                break;
                            default:
                                claims[property.Name] = property.Value.GetRawText();
                                break;
                        }
                    }

                    return claims;
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>The <c>exp</c> claim (seconds since the Unix epoch) as UTC, or null when absent or unreadable.</summary>
        public static DateTimeOffset? TryReadExpiry(string? token) => TryReadTime(TryReadClaims(token), "exp");

        /// <summary>A numeric-date claim as UTC, or null.</summary>
        public static DateTimeOffset? TryReadTime(IReadOnlyDictionary<string, string>? claims, string name)
        {
            if (claims != null && claims.TryGetValue(name, out var text) &&
                double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) &&
                seconds > 0 && seconds < 253402300799)
            {
                return DateTimeOffset.FromUnixTimeSeconds((long)seconds);
            }

            return null;
        }

        /// <summary>True when the value has the shape of a JWT (three dot-separated base64url parts with a JSON header).</summary>
        public static bool LooksLikeJwt(string? value) =>
            value != null && value.StartsWith("eyJ", StringComparison.Ordinal) && value.Split('.').Length == 3;

        public static byte[] DecodeBase64Url(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            switch (s.Length % 4)
            {
                case 2:
                    s += "==";
                    break;
                case 3:
                    s += "=";
                    break;
                case 1:
                    throw new FormatException("Invalid base64url length.");
            }

            return Convert.FromBase64String(s);
        }

        public static string EncodeBase64Url(byte[] bytes) =>
            Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static string EncodeBase64Url(string text) => EncodeBase64Url(Encoding.UTF8.GetBytes(text));
    }
}
