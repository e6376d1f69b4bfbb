using System;
using System.Globalization;

namespace CXone.Core.Http
{
    /// <summary>
    /// Our one rule on top of Polly's delay math: a wait that cannot end in a useful attempt is not waited.
    /// A server's <c>Retry-After</c> is honoured whole (retrying sooner only earns another refusal), so one longer
    /// than the largest wait allowed ends the retries instead of being cut short; and no wait is started that
    /// would not end inside the call's remaining time budget (the last answer is returned at once instead).
    /// </summary>
    internal static class RetryWaitRule
    {
        /// <summary>
        /// Why the wait must not be started, or null when it may.
        /// </summary>
        /// <param name="wait">The wait before the next attempt.</param>
        /// <param name="retryAfter">True when <paramref name="wait"/> is the server's <c>Retry-After</c>.</param>
        /// <param name="maxDelay">The largest single wait allowed.</param>
        /// <param name="remaining">What is left of the call's total budget (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no budget).</param>
        public static string? Refusal(TimeSpan wait, bool retryAfter, TimeSpan maxDelay, TimeSpan remaining)
        {
            if (retryAfter && wait > maxDelay)
            {
                return "the server asks to wait " + Seconds(wait) + " s (Retry-After), longer than the largest wait allowed ("
                    + Seconds(maxDelay) + " s).";
            }

            if (remaining != System.Threading.Timeout.InfiniteTimeSpan && wait >= remaining)
            {
                return "a wait of " + Seconds(wait) + " s does not fit in the remaining time budget.";
            }

            return null;
        }

        /// <summary>Seconds as people read them: "90", "0.25".</summary>
        public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
