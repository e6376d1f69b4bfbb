using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace CXone.Core.Diagnostics
{
    /// <summary>
    /// The one sanitizer (docs/architecture.md, rules of the house, rules 6 and 12). Removes access tokens, refresh
    /// tokens, id tokens, client secrets, passwords, access key secrets, authorization codes, PKCE verifiers,
    /// Authorization header values, signed-URL signatures and anything JWT-shaped from text before it leaves Core,
    /// and neutralises what a hostile server could use to forge lines or drive a terminal: CR, LF and tab become a
    /// space; other C0 and C1 control characters, ANSI/VT escape sequences (CSI, OSC, single-character escapes) and
    /// Unicode bidirectional overrides are removed.
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

        /// <summary>
        /// The most characters of one server-supplied text (an error description, a service message, a body excerpt)
        /// that reach a message, warning, verbose line or ErrorRecord; longer texts are cut with an ellipsis.
        /// </summary>
        public const int MaxServerText = 500;

        private static readonly object Gate = new object();
        private static KeyValuePair<int, Regex>[] _secrets = Array.Empty<KeyValuePair<int, Regex>>();
        private static readonly HashSet<string> Registered = new HashSet<string>(StringComparer.Ordinal);

        // ESC [ ... final (CSI), ESC ] ... BEL or ESC \ (OSC), ESC P/X/^/_ ... ESC \ (DCS and other strings),
        // ESC followed by one character, and the C1 introducers on their own (U+009B CSI, U+009D OSC, ...).
        private static readonly Regex Escapes = new Regex(
            @"\x1B\[[0-?]*[ -/]*[@-~]?|\x1B\][^\x07\x1B]*(?:\x07|\x1B\\)?|\x1B[PX^_][^\x1B]*(?:\x1B\\)?|\x1B.?|\u009B[0-?]*[ -/]*[@-~]?|\u009D[^\x07\u009C]*[\x07\u009C]?",
            RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.Singleline);

        private static readonly Regex Controls = new Regex(
            @"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u200E\u200F\u202A-\u202E\u2066-\u2069]",
            RegexOptions.Compiled | RegexOptions.CultureInvariant);

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
        /// <see cref="Sanitize"/> masks it wherever it appears, in any spelling a writer may give it: as is,
        /// percent-encoded (either hex case, <c>+</c> for a space), JSON-escaped by any writer (<c>\u002B</c>,
        /// <c>\u002b</c>, <c>\/</c>, <c>\"</c>, any character as <c>\uXXXX</c>), or a mix of these.
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
                if (!Registered.Add(secret))
                {
                    return;
                }

                // Longest first, so that a secret containing another is masked whole.
                var list = new List<KeyValuePair<int, Regex>>(_secrets) { new KeyValuePair<int, Regex>(secret.Length, SpellingsOf(secret)) };
                list.Sort((x, y) => y.Key.CompareTo(x.Key));
                _secrets = list.ToArray();
            }
        }

        /// <summary>
        /// One pattern for every spelling of <paramref name="secret"/>: each character may stand as itself, as
        /// <c>%XX</c> (UTF-8 bytes, either hex case), as <c>\uXXXX</c> (UTF-16, either hex case), as a JSON short
        /// escape (<c>\/</c>, <c>\\</c>, <c>\"</c>), and a space also as <c>+</c>.
        /// </summary>
        private static Regex SpellingsOf(string secret)
        {
            var pattern = new System.Text.StringBuilder();
            foreach (var c in secret)
            {
                var alternatives = new List<string> { Regex.Escape(c.ToString()) };
                var bytes = System.Text.Encoding.UTF8.GetBytes(c.ToString());
                var percent = new System.Text.StringBuilder();
                foreach (var b in bytes)
                {
                    percent.Append('%').Append(HexClass(b >> 4)).Append(HexClass(b & 0xF));
                }

                alternatives.Add(percent.ToString());
                alternatives.Add(@"\\[uU]" + HexClass((c >> 12) & 0xF) + HexClass((c >> 8) & 0xF) + HexClass((c >> 4) & 0xF) + HexClass(c & 0xF));
                if (c == '/' || c == '\\' || c == '"')
                {
                    alternatives.Add(@"\\" + Regex.Escape(c.ToString()));
                }

                if (c == ' ')
                {
                    alternatives.Add(@"\+");
                }

                pattern.Append("(?:").Append(string.Join("|", alternatives)).Append(')');
            }

            return new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
        }

        private static string HexClass(int nibble)
        {
            var upper = "0123456789ABCDEF"[nibble];
            var lower = char.ToLowerInvariant(upper);
            return upper == lower ? upper.ToString() : "[" + upper + lower + "]";
        }

        /// <summary>
        /// Returns <paramref name="text"/> with every secret replaced by <see cref="Mask"/> and control characters and
        /// escape sequences neutralised (see the class summary); null becomes empty. It does not cut: server texts are
        /// cut by <see cref="Excerpt"/> (default <see cref="MaxServerText"/>).
        /// </summary>
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
                result = secret.Value.Replace(result, Mask);
            }

            foreach (var pattern in Patterns)
            {
                result = pattern.Replace(result, Mask);
            }

            return Neutralise(result);
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

            return Sanitize(uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));
        }

        /// <summary>At most <paramref name="maxChars"/> sanitized characters of <paramref name="text"/>, with an ellipsis when cut.</summary>
        /// <param name="text">For example an HTML error page that came back instead of JSON.</param>
        /// <param name="maxChars">Characters kept (default 200).</param>
        /// <returns>The sanitized excerpt, on one line.</returns>
        public static string Excerpt(string? text, int maxChars = 200)
        {
            // Cut a very large text before the regex work (a 5 MB body): the secret patterns need some slack past the cut.
            if (text != null && text.Length > maxChars * 4 + 4096)
            {
                text = text.Substring(0, maxChars * 4 + 4096);
            }

            var clean = Sanitize(text).Trim();
            return clean.Length <= maxChars ? clean : clean.Substring(0, maxChars) + "...";
        }

        /// <summary>CR, LF and tab become a space; other control characters, escape sequences and bidi overrides go.</summary>
        private static string Neutralise(string text)
        {
            var needs = false;
            foreach (var c in text)
            {
                if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069'))
                {
                    needs = true;
                    break;
                }
            }

            if (!needs)
            {
                return text;
            }

            var result = Escapes.Replace(text, string.Empty);
            result = result.Replace("\r\n", " ").Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ');
            return Controls.Replace(result, string.Empty);
        }
    }
}
