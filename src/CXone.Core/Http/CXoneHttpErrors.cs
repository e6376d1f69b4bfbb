using System;
using CXone.Core.Errors;

namespace CXone.Core.Http
{
    /// <summary>Forwards to <see cref="CXoneErrors"/>, the one error factory; kept only until every caller names it.</summary>
    public static class CXoneHttpErrors
    {
        /// <summary>See <see cref="CXoneErrors.StatusDescriptionHeader"/>.</summary>
        public const string StatusDescriptionHeader = CXoneErrors.StatusDescriptionHeader;

        /// <summary>See <see cref="CXoneErrors.FromStatus"/>.</summary>
        public static CXoneException FromStatus(int statusCode, string? body, string? statusDescriptionHeader, string? host, string what, int attempts = 1) =>
            CXoneErrors.FromStatus(statusCode, body, statusDescriptionHeader, host, what, attempts);

        /// <summary>See <see cref="CXoneErrors.ActionFor"/>.</summary>
        public static string ActionFor(CXoneErrorKind kind) => CXoneErrors.ActionFor(kind);

        /// <summary>See <see cref="CXoneErrors.FromTransport"/>.</summary>
        public static CXoneException FromTransport(Exception error, string? host, string what, int attempts) => CXoneErrors.FromTransport(error, host, what, attempts);

        /// <summary>See <see cref="CXoneErrors.InvalidResponse"/>.</summary>
        public static CXoneException InvalidResponse(string? body, int statusCode, string? host, string what, Exception? inner = null) =>
            CXoneErrors.InvalidResponse(body, statusCode, host, what, inner);

        internal static void ReadServiceMessage(string? body, out string? code, out string? message) => CXoneErrors.ReadServiceMessage(body, out code, out message);
    }
}
