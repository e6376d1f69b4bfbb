using System;
using System.Globalization;

namespace CXone.Core.Diagnostics
{
    /// <summary>
    /// How the module writes times and durations for people and files: one spelling everywhere, invariant culture,
    /// always UTC, so that a message, a manifest line and a verbose line can be compared by eye or by grep.
    /// </summary>
    public static class UtcText
    {
        /// <summary>A point in time to the second, in UTC: <c>2026-11-21T15:00:00Z</c>.</summary>
        /// <param name="time">Any offset; it is converted to UTC.</param>
        public static string Seconds(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>A point in time to the millisecond, in UTC: <c>2026-11-21T15:00:00.123Z</c> (also CXone's query format, docs/cxone-api.md section 3).</summary>
        /// <param name="time">Any offset; it is converted to UTC.</param>
        public static string Milliseconds(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        /// <summary>A duration in seconds for a message: one decimal under 10 s (<c>2.5 s</c>), whole seconds above (<c>30 s</c>).</summary>
        /// <param name="span">The duration.</param>
        public static string Duration(TimeSpan span) =>
            span.TotalSeconds.ToString(span.TotalSeconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " s";
    }
}
