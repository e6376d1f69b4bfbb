using System;
using System.Globalization;

namespace CXone.Core.Http
{
    /// <summary>
    /// What a session's HTTP pipeline was set up with, to read (<see cref="CXoneSession.HttpSettings"/>): a snapshot
    /// taken on connect. Changing it is impossible on purpose: every cmdlet shares the session, so settings that one
    /// caller could change would change every other caller's calls. Connect again with other
    /// <see cref="CXoneSessionOptions.Http"/> to get other settings.
    /// </summary>
    public sealed class CXoneHttpSettings
    {
        internal CXoneHttpSettings(CXoneHttpOptions options)
        {
            MaxRetries = options.MaxRetries;
            TotalBudget = options.TotalBudget;
            AttemptTimeout = options.AttemptTimeout;
            BaseDelay = options.BaseDelay;
            MaxDelay = options.MaxDelay;
            MediaPlaybackPermits = options.MediaPlaybackPermits;
            MediaPlaybackWindow = options.MediaPlaybackWindow;
            UserAgent = options.UserAgent;
        }

        /// <summary>Retries after the first attempt (0: none).</summary>
        public int MaxRetries { get; }

        /// <summary>The most time one call may take across all attempts and waits.</summary>
        public TimeSpan TotalBudget { get; }

        /// <summary>The most time one attempt may take.</summary>
        public TimeSpan AttemptTimeout { get; }

        /// <summary>First backoff delay when the server sends no Retry-After.</summary>
        public TimeSpan BaseDelay { get; }

        /// <summary>Largest single wait between attempts.</summary>
        public TimeSpan MaxDelay { get; }

        /// <summary>Media playback calls allowed per <see cref="MediaPlaybackWindow"/> (0: no client-side limit; docs/cxone-api.md section 4).</summary>
        public int MediaPlaybackPermits { get; }

        /// <summary>The window of <see cref="MediaPlaybackPermits"/>.</summary>
        public TimeSpan MediaPlaybackWindow { get; }

        /// <summary>The User-Agent sent on every call.</summary>
        public string UserAgent { get; }

        /// <summary>For example <c>5 retries, 120 s budget, 100 s per attempt</c>.</summary>
        /// <returns>The retry and time settings in one line.</returns>
        public override string ToString() =>
            MaxRetries.ToString(CultureInfo.InvariantCulture) + " retries, " + Seconds(TotalBudget) + " budget, " + Seconds(AttemptTimeout) + " per attempt";

        private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
    }
}
