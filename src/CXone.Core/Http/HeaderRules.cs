using System;
using CXone.Core.Errors;

namespace CXone.Core.Http
{
    /// <summary>
    /// The rules for a header the caller adds to a request (<c>Invoke-CXoneRequest -Headers</c>): the name is an
    /// RFC 9110 token and the value has no control character but tab (no CR or LF that would start another header on
    /// the wire), and neither <c>Authorization</c> nor <c>Host</c>, which the session sets itself.
    /// </summary>
    public static class HeaderRules
    {
        /// <summary>True for the headers the session always sets itself (Authorization, Host), in any case.</summary>
        /// <param name="name">A header name that passed <see cref="Validate"/>.</param>
        public static bool IsReserved(string name) =>
            string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase) ||
            string.Equals(name, "Proxy-Authorization", StringComparison.OrdinalIgnoreCase);

        /// <summary>Checks one caller-supplied header before anything is sent.</summary>
        /// <param name="name">The header name.</param>
        /// <param name="value">The header value.</param>
        /// <exception cref="CXoneException">InvalidArgument: the name is not a token, or the value holds CR, LF or another control character.</exception>
        public static void Validate(string? name, string? value)
        {
            if (string.IsNullOrEmpty(name) || !IsToken(name!))
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "The header name '" + name + "' is not valid: a header name is letters, digits and !#$%&'*+-.^_`|~ only, with no space, colon or line break.",
                    "Correct the header name in -Headers (for example 'X-Request-Id').");
            }

            foreach (var c in value ?? string.Empty)
            {
                if ((c < 0x20 && c != '\t') || c == 0x7F)
                {
                    throw new CXoneException(
                        CXoneErrorKind.InvalidArgument,
                        "The value of header '" + name + "' holds a line break or another control character (U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + "), which would add text to the request on the wire.",
                        "Remove line breaks and control characters from the header value in -Headers.");
                }
            }
        }

        private static bool IsToken(string name)
        {
            foreach (var c in name)
            {
                var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
