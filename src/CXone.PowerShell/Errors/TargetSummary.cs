using System;
using System.Globalization;
using CXone.Core.Diagnostics;

namespace CXone.PowerShell.Errors
{
    /// <summary>
    /// Builds ErrorRecord.TargetObject values: a short redacted text naming what failed (for example
    /// <c>contact 12345</c> or <c>GET /inContactAPI/services/v30.0/agents</c>), never a request object, a URL
    /// query or a secret (docs/architecture.md, rules of the house 6).
    /// </summary>
    internal static class TargetSummary
    {
        /// <summary>At most 200 sanitized characters describing <paramref name="target"/>; URIs lose their query.</summary>
        public static string Of(object? target)
        {
            switch (target)
            {
                case null:
                    return string.Empty;
                case Uri uri:
                    return Redactor.SafeUrl(uri);
                case string text:
                    return Redactor.Excerpt(StripQuery(text));
                case IFormattable formattable:
                    return Redactor.Excerpt(formattable.ToString(null, CultureInfo.InvariantCulture));
                default:
                    return Redactor.Excerpt(target.ToString());
            }
        }

        /// <summary><c>METHOD path</c> without the query, for a generic request.</summary>
        public static string Request(string method, string? pathOrUri)
        {
            return Of((method ?? "GET").ToUpperInvariant() + " " + StripQuery(pathOrUri ?? string.Empty));
        }

        private static string StripQuery(string text)
        {
            var q = text.IndexOf('?');
            return q >= 0 ? text.Substring(0, q) : text;
        }
    }
}
