using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using CXone.Core.Errors;

namespace CXone.Core.Api
{
    /// <summary>
    /// Paths and query values shared by the admin clients (docs/cxone-api.md section 7): each endpoint is pinned to the
    /// version working code uses, and a caller may name another (<c>v23.0</c>, <c>23.0</c> or <c>23</c>).
    /// </summary>
    internal static class AdminApi
    {
        private static readonly Regex Version = new Regex(@"^v?(\d{1,3})(?:\.(\d{1,2}))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The path <c>inContactAPI/services/{version}/{rest}</c>.</summary>
        /// <param name="version">The caller's version, or null for <paramref name="pinned"/>.</param>
        /// <param name="pinned">The endpoint's pinned version, for example <c>v20.0</c>.</param>
        /// <param name="rest">The resource path after the version.</param>
        /// <exception cref="CXoneException">InvalidArgument when <paramref name="version"/> is not a version.</exception>
        public static string Path(string? version, string pinned, string rest) => "inContactAPI/services/" + NormalizeVersion(version, pinned) + "/" + rest;

        /// <summary><c>v23.0</c> for <c>23</c>, <c>23.0</c> or <c>v23.0</c>; <paramref name="pinned"/> for null or empty.</summary>
        /// <exception cref="CXoneException">InvalidArgument for anything else.</exception>
        public static string NormalizeVersion(string? version, string pinned)
        {
            if (string.IsNullOrWhiteSpace(version))
            {
                return pinned;
            }

            var m = Version.Match(version!.Trim());
            if (!m.Success)
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "'" + Diagnostics.Redactor.Sanitize(version) + "' is not an API version.",
                    "Pass a version such as v20.0 (or 20), or leave it out for the pinned " + pinned + ".");
            }

            return "v" + m.Groups[1].Value + "." + (m.Groups[2].Success ? m.Groups[2].Value : "0");
        }

        /// <summary><c>true</c>/<c>false</c>, or null to leave the value out.</summary>
        public static string? Bool(bool? value) => value is { } b ? (b ? "true" : "false") : null;

        /// <summary>An invariant number, or null to leave the value out.</summary>
        public static string? Num(long? value) => value?.ToString(CultureInfo.InvariantCulture);

        /// <summary>An id for a path segment.</summary>
        public static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>A query dictionary without regard to case.</summary>
        public static Dictionary<string, string?> Query() => new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
    }
}
