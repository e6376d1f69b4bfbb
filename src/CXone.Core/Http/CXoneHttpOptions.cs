using System;

namespace CXone.Core.Http
{
    /// <summary>
    /// Settings of a session's HTTP pipeline (docs/architecture.md, rules of the house 5). Defaults:
    /// 5 retries, 120 s total budget, 100 s per attempt, 30 s read-idle timeout on streamed bodies.
    /// </summary>
    public sealed class CXoneHttpOptions
    {
        /// <summary>Retries after the first attempt (default 5; 0 disables retries).</summary>
        public int MaxRetries { get; set; } = 5;

        /// <summary>
        /// The most time one call may take across all attempts and waits (default 120 s). For a call whose body is
        /// streamed (a media file, <c>-OutFile</c>) the budget also covers reading the body: a body still arriving when
        /// it runs out fails with <see cref="Errors.CXoneErrorKind.Timeout"/>.
        /// </summary>
        public TimeSpan TotalBudget { get; set; } = TimeSpan.FromSeconds(120);

        /// <summary>The most time one attempt may take (default 100 s).</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>
        /// The longest a streamed response body (a media file, <c>Invoke-CXoneRequest -OutFile</c>) may send no byte at
        /// all (default 30 s). The clock restarts with every read that returns bytes; a body that stalls longer fails
        /// that read (a recording download resumes it with <c>Range</c>, counted against
        /// <see cref="Recordings.DownloadOptions.MaxResumes"/>; an <c>-OutFile</c> call fails with
        /// <see cref="Errors.CXoneErrorKind.Timeout"/>). Zero or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
        /// turns it off. A body that trickles (a byte every few seconds) is ended by <see cref="TotalBudget"/>, which
        /// bounds each call including its body.
        /// </summary>
        public TimeSpan ReadIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>First backoff delay when the server sends no Retry-After (default 1 s; doubles with jitter).</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// Largest single wait (default 60 s): backoff delays are capped at it, and an answer whose
        /// <c>Retry-After</c> asks for longer is not retried (the server's wait is never cut short).
        /// </summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Media playback calls allowed per <see cref="MediaPlaybackWindow"/> per session (default 150; docs/cxone-api.md section 4). 0 turns the client-side limiter off.</summary>
        public int MediaPlaybackPermits { get; set; } = 150;

        /// <summary>The window of <see cref="MediaPlaybackPermits"/> (default 5 minutes).</summary>
        public TimeSpan MediaPlaybackWindow { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>The User-Agent sent on every call: <c>CXonePS/&lt;version&gt;</c>.</summary>
        public string UserAgent { get; set; } = "CXonePS/" + typeof(CXoneHttpOptions).Assembly.GetName().Version?.ToString(3);

        /// <summary>A copy, so a session can keep its own settings.</summary>
        public CXoneHttpOptions Clone() => (CXoneHttpOptions)MemberwiseClone();
    }
}
