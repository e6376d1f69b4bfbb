using System;
using System.Globalization;
using CXone.Core.Diagnostics;
using CXone.Core.Http;

namespace CXone.Core.Errors
{
    /// <summary>The errors of response bodies that stop arriving: a stall (read-idle timeout) or the total budget.</summary>
    public static partial class CXoneErrors
    {
        /// <summary>The action for a body that stalled.</summary>
        internal const string StalledAction =
            "The server stopped sending in the middle of the answer: try again; if it keeps happening, check the proxy and network path to the host, or raise the read-idle timeout (Connect-CXone -ReadIdleTimeoutSec).";

        /// <summary>
        /// The exception for a body read that failed after every resume or retry: Timeout naming the read-idle timeout
        /// for a <see cref="ReadIdleTimeoutException"/>, otherwise as <see cref="FromTransport"/>.
        /// </summary>
        /// <param name="error">The read's failure (kept as the inner exception).</param>
        /// <param name="host">The host that was sending.</param>
        /// <param name="what">What was being done (no query).</param>
        /// <param name="attempts">How many attempts were made.</param>
        /// <returns>The exception to throw.</returns>
        internal static CXoneException FromBodyFailure(Exception error, string? host, string what, int attempts)
        {
            if (!(error is ReadIdleTimeoutException idle))
            {
                return FromTransport(error, host, what, attempts);
            }

            var tries = attempts > 1 ? " (" + attempts.ToString(CultureInfo.InvariantCulture) + " attempts)" : string.Empty;
            return new CXoneException(
                CXoneErrorKind.Timeout,
                what + " on " + (host ?? "the host") + " timed out: the body stalled" + tries + ". " + idle.Message,
                StalledAction,
                host: host,
                innerException: error);
        }

        /// <summary>The exception for a streamed body still arriving when the call's total budget ran out (a trickling server).</summary>
        /// <param name="host">The host that was sending.</param>
        /// <param name="what">What was being done (no query).</param>
        /// <param name="budget">The total budget of the call.</param>
        /// <param name="bytesRead">Bytes of the body read by then.</param>
        /// <param name="inner">The read's own failure (its cancellation), when any.</param>
        /// <returns>The exception to throw.</returns>
        internal static CXoneException BodyOverBudget(string? host, string what, TimeSpan budget, long bytesRead, Exception? inner = null) =>
            new CXoneException(
                CXoneErrorKind.Timeout,
                what + " on " + (host ?? "the host") + " timed out: the call took longer than its total budget of " + UtcText.Duration(budget)
                    + " while the body was still arriving (" + bytesRead.ToString("N0", CultureInfo.InvariantCulture) + " bytes so far).",
                "The server sends too slowly: try again later; if the file is large and the link slow, raise the total budget (CXoneHttpOptions.TotalBudget).",
                host: host,
                innerException: inner);
    }
}
