using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace CXone.Core.Diagnostics
{
    /// <summary>
    /// The one sanitizer (shared/design.md rule 6). Removes access tokens, refresh tokens, id tokens, client
    /// secrets, passwords, access key secrets, authorization codes, PKCE verifiers, Authorization header values,
    /// signed-URL signatures and anything JWT-shaped from text before it leaves Core.
    /// </summary>
    /// <remarks>
    /// Pattern rules catch secrets by shape; <see cref="AddSecret"/> registers exact values (client secrets,
    /// access key secrets) that have no recognisable shape. Registered values stay for the life of the process.
    /// Thread-safe.
    /// </remarks>
    public static class Redactor
    {
        /// <summary>The text that replaces every secret.</summary>
        public const string Mask = "***";

        private static readonly object Gate = new object();
        private static string[] _secrets = Array.Empty<string>();

        private static readonly Regex[] Patterns =
        {
            // JWT-shaped values: three base64url parts, the first starting with a JSON object header.
            new Regex(@"eyJ[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*", RegexOptions.Compiled | RegexOptions.CultureInvariant),
            // Authorization header values.
            new Regex(@"(?<=\b(?:Bearer|Basic)\s+)[A-Za-z0-9\-._~+/=%]+", RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
            // key=value, key: value and "key":"value" pairs whose key can only name a secret (form bodies, JSON,
            // query strings, header-like lines).
            new Regex(
                @"(?<=\b(?:access_token|refresh_token|id_token|client_secret|password|passwd|code_verifier|assertion|accessKeySecret|access_key_secret)[""']?\s*[:=]\s*[""']?)[^&""'\s,;}\]]+",
                RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
            // Keys that are also ordinary words (code, token, secret, sig, signature): only as key=value or as a
            // quoted JSON key, so that prose such as "cannot renew its token: the refresh token ..." stays readable.
            new Regex(
                @"(?<=(?:\b(?:code|token|secret|sig|signature)\s*=\s*[""']?)|(?:[""'](?:code|token|secret|sig|signature)[""']\s*:\s*[""']?))[^&""'\s,;}\]]+",
                RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
        };

        /// <summary>
        /// Registers an exact secret value (for example a client secret or access key secret) so that
        /// <see cref="Sanitize"/> masks it wherever it appears, also in its URL-encoded and JSON-escaped forms.
        /// Values shorter than 4 characters are ignored (they would mask ordinary words).
        /// </summary>
        /// <param name="secret">The secret value; null or short values are ignored.</param>
        public static void AddSecret(string? secret)
        {
            if (secret is null || secret.Length < 4)
            {
                return;
            }

            lock (Gate)
            {
                var list = new List<string>(_secrets);
                foreach (var variant in Variants(secret))
                {
                    if (!list.Contains(variant))
                    {
                        list.Add(variant);
                    }
                }

                // Longest first, so that a secret containing another is masked whole.
                list.Sort((a, b) => b.Length.CompareTo(a.Length));
                _secrets = list.ToArray();
            }
        }

        /// <summary>
        /// The forms a secret takes in text: as is, url-encoded (upper- and lower-case hex, <c>+</c> for space as in
        /// form bodies) and JSON-escaped (<c>\u002B</c> as System.Text.Json writes it, <c>\/</c> as other writers do).
        /// </summary>
        private static IEnumerable<string> Variants(string secret)
        {
            yield return secret;
            var encoded = Uri.EscapeDataString(secret);
            yield return encoded;
            yield return Regex.Replace(encoded, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant(), RegexOptions.CultureInvariant);
            yield return encoded.Replace("%20", "+");
            yield return System.Text.Json.JsonEncodedText.Encode(secret).ToString();
            yield return secret.Replace("/", "\\/");
        }

        /// <summary>Returns <paramref name="text"/> with every secret replaced by <see cref="Mask"/>; null becomes empty.</summary>
        /// <param name="text">Any text: a message, a response body excerpt, a header line.</param>
        /// <returns>The sanitized text.</returns>
        public static string Sanitize(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            var result = text!;
            foreach (var secret in _secrets)
            {
                if (result.IndexOf(secret, StringComparison.Ordinal) >= 0)
                {
                    result = result.Replace(secret, Mask);
                }
            }

            foreach (var pattern in Patterns)
            {
                result = pattern.Replace(result, Mask);
            }

            return result;
        }

        /// <summary>
        /// A URL safe to show: scheme, host, port and path, without the query (signed storage URLs carry their
        /// signature there) and without user info.
        /// </summary>
        /// <param name="uri">Any absolute URI; null gives an empty string.</param>
        /// <returns>For example <c>https://storage.example/media/123.mp4</c>.</returns>
        public static string SafeUrl(Uri? uri)
        {
            if (uri is null)
            {
                return string.Empty;
            }

            if (!uri.IsAbsoluteUri)
            {
                var s = uri.OriginalString;
                var q = s.IndexOf('?');
                return Sanitize(q >= 0 ? s.Substring(0, q) : s);
            }

            return Sanitize(uri.GetLeftPart(UriPartial.Path));
        }

        /// <summary>At most <paramref name="maxChars"/> sanitized characters of <paramref name="text"/>, with an ellipsis when cut.</summary>
        /// <param name="text">For example an HTML error page that came back instead of JSON.</param>
        /// <param name="maxChars">Characters kept (default 200).</param>
        /// <returns>The sanitized excerpt.</returns>
        public static string Excerpt(string? text, int maxChars = 200)
        {
            var clean = Sanitize(text).Replace("\r", " ").Replace("\n", " ").Trim();
            return clean.Length <= maxChars ? clean : clean.Substring(0, maxChars) + "...";
        }
    }
}
