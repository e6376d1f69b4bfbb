using System;
using System.Net.Http;
using Polly;

namespace CXone.Core.Http
{
    /// <summary>
    /// The wait a server asks for in <c>Retry-After</c> (docs/cxone-api.md section 5: seconds or an HTTP date),
    /// used as Polly's <c>DelayGenerator</c>. No header (or an exception outcome) gives null, so Polly's own
    /// exponential backoff with jitter, capped at <c>MaxDelay</c>, applies.
    /// </summary>
    internal static class RetryAfterDelay
    {
        /// <summary>
        /// The whole wait <paramref name="outcome"/>'s <c>Retry-After</c> asks for (never its seconds part only);
        /// a date in the past is zero. Null when there is no usable header.
        /// </summary>
        /// <param name="outcome">The attempt's outcome.</param>
        /// <param name="now">The current time (UTC), for the date form.</param>
        public static TimeSpan? From(Outcome<HttpResponseMessage> outcome, DateTimeOffset now)
        {
            var header = outcome.Exception is null ? outcome.Result?.Headers.RetryAfter : null;
            if (header is null)
            {
                return null;
            }

            if (header.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (header.Date is { } date)
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }

        /// <summary>
        /// The wait a <c>Retry-After</c> header value asks for: delta seconds or an HTTP date (a date in the past is
        /// zero). Null when <paramref name="header"/> is missing or neither form.
        /// </summary>
        /// <param name="header">The header's value, or null.</param>
        /// <param name="now">The current time (UTC), for the date form.</param>
        public static TimeSpan? Parse(string? header, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(header))
            {
                return null;
            }

            if (long.TryParse(header!.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Min(seconds, 86400));
            }

            if (DateTimeOffset.TryParseExact(header.Trim(), "r", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }
    }
}
