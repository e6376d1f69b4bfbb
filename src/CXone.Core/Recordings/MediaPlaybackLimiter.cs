using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Recordings
{
    /// <summary>
    /// Client-side limit for media playback calls (docs/cxone-api.md section 4: 150 per 5 minutes by default):
    /// at most <c>permits</c> calls in any window of length <c>window</c>, on the injected clock, lowered to what the
    /// server accepts once it throttles.
    /// </summary>
    /// <remarks>
    /// A sliding log rather than System.Threading.RateLimiting's fixed or segmented windows: those allow up to
    /// twice the limit across a window boundary that does not line up with the server's, which is exactly the 429
    /// this limiter exists to avoid. A permit is held while its call runs and counts from the moment the call
    /// ended, so the server (which counts arrivals) never sees more than the limit in any window.
    /// <para>
    /// A tenant's quota can be smaller than the setting (NICE sets it per tenant). A call the server throttled for
    /// the window (429 with a <c>Retry-After</c> longer than the pipeline retries wait) is handed back with
    /// <see cref="Lease.Throttled"/>: every caller then waits for that <c>Retry-After</c>, and the limit drops to the calls the server had
    /// accepted in the window before the throttled one started (counting calls still running then as they end). It is
    /// never raised above what a throttled window showed for this limiter's life (one session): each try would earn a 429.
    /// A throttled call is not counted: the server answered it without counting it [?]. Thread-safe.
    /// </para>
    /// </remarks>
    internal sealed class MediaPlaybackLimiter
    {
        private readonly object _gate = new object();
        private readonly Queue<(long Started, long Ended)> _answered = new Queue<(long, long)>();
        private readonly int _configured;
        private readonly TimeSpan _window;
        private readonly TimeProvider _time;
        private int _permits;
        private int _running;
        private readonly List<long> _wakeAt = new List<long>();
        private long _blockedFrom;
        private TimeSpan _blockedFor;
        private long? _throttledStart;
        private int _learned;
        private TaskCompletionSource<bool> _released = NewSignal();

        public MediaPlaybackLimiter(int permits, TimeSpan window, TimeProvider time)
        {
            _configured = permits;
            _permits = permits;
            _window = window;
            _time = time;
        }

        public bool Enabled => _configured > 0 && _window > TimeSpan.Zero;

        /// <summary>The limit now: the setting, or lower once the server throttled.</summary>
        public int Permits
        {
            get
            {
                lock (_gate)
                {
                    return _permits;
                }
            }
        }

        /// <summary>Callers waiting on the clock for a permit (a driver of a manual clock advances it when all are).</summary>
        public int Waiting
        {
            get
            {
                lock (_gate)
                {
                    return _wakeAt.Count;
                }
            }
        }

        /// <summary>The clock's timestamp at which the first waiting caller wakes, or null when none waits on the clock.</summary>
        public long? EarliestWake
        {
            get
            {
                lock (_gate)
                {
                    long? first = null;
                    foreach (var t in _wakeAt)
                    {
                        first = first is null || t < first ? t : first;
                    }

                    return first;
                }
            }
        }

        /// <summary>Waits for a permit; dispose the lease when the call has ended, or call <see cref="Lease.Throttled"/> on a 429.</summary>
        public async Task<Lease> AcquireAsync(CancellationToken ct)
        {
            if (!Enabled)
            {
                return new Lease(null, 0);
            }

            while (true)
            {
                TimeSpan wait;
                Task released;
                long now;
                lock (_gate)
                {
                    now = _time.GetTimestamp();
                    while (_answered.Count > 0 && _time.GetElapsedTime(_answered.Peek().Ended, now) >= _window)
                    {
                        _answered.Dequeue();
                    }

                    var blocked = _blockedFor - _time.GetElapsedTime(_blockedFrom, now);
                    if (blocked > TimeSpan.Zero)
                    {
                        wait = blocked;
                    }
                    else if (_running + _answered.Count < _permits)
                    {
                        _running++;
                        return new Lease(this, now);
                    }
                    else
                    {
                        // Full: the oldest ended call frees a permit when it leaves the window; when every permit is
                        // held by a running call, wait for one to end.
                        wait = _answered.Count > 0 ? _window - _time.GetElapsedTime(_answered.Peek().Ended, now) : Timeout.InfiniteTimeSpan;
                    }

                    released = _released.Task;
                }

                await WhenAnyAsync(released, wait == Timeout.InfiniteTimeSpan || wait > TimeSpan.Zero ? wait : TimeSpan.Zero, now, ct).ConfigureAwait(false);
            }
        }

        private async Task WhenAnyAsync(Task released, TimeSpan wait, long now, CancellationToken ct)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = wait == Timeout.InfiniteTimeSpan
                ? Task.Delay(Timeout.Infinite, cts.Token)
                : _time.Delay(wait, cts.Token);

            // Registered once the timer exists, so a driver that advances a manual clock to it cannot outrun it.
            var wakeAt = wait == Timeout.InfiniteTimeSpan ? (long?)null : now + (long)(wait.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);
            if (wakeAt is { } w)
            {
                lock (_gate)
                {
                    _wakeAt.Add(w);
                }
            }

            try
            {
                var done = await Task.WhenAny(released, delay).ConfigureAwait(false);
                cts.Cancel();
                ct.ThrowIfCancellationRequested();
                if (done == delay && delay.IsFaulted)
                {
                    await delay.ConfigureAwait(false);
                }
            }
            finally
            {
                if (wakeAt is { } w2)
                {
                    lock (_gate)
                    {
                        _wakeAt.Remove(w2);
                    }
                }
            }
        }

        private void Release(long started, bool throttled, TimeSpan? retryAfter)
        {
            TaskCompletionSource<bool> signal;
            lock (_gate)
            {
                _running--;
                var now = _time.GetTimestamp();
                if (throttled)
                {
                    Throttle(started, now, retryAfter);
                }
                else
                {
                    _answered.Enqueue((started, now));
                    if (_throttledStart is { } s && started <= s && _time.GetElapsedTime(started, s) < _window)
                    {
                        // Accepted before the throttled call arrived, but ended after its 429 was counted.
                        _learned++;
                        _permits = Math.Max(1, Math.Min(_configured, _learned));
                    }
                }

                signal = _released;
                _released = NewSignal();
            }

            signal.TrySetResult(true);
        }

        private void Throttle(long started, long now, TimeSpan? retryAfter)
        {
            var accepted = 0;
            foreach (var a in _answered)
            {
                if (a.Started <= started && _time.GetElapsedTime(a.Started, started) < _window)
                {
                    accepted++;
                }
            }

            // None accepted says nothing of this client's share (another client used the quota): only wait.
            if (accepted > 0)
            {
                _throttledStart = started;
                _learned = accepted;
                _permits = Math.Min(_configured, accepted);
            }

            var wait = retryAfter
                ?? (_answered.Count > 0 ? _window - _time.GetElapsedTime(_answered.Peek().Ended, now) : TimeSpan.FromSeconds(1));
            if (wait > _blockedFor - _time.GetElapsedTime(_blockedFrom, now))
            {
                _blockedFrom = now;
                _blockedFor = wait;
            }
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>One permit: dispose it when the call ended with an answer the server counted.</summary>
        internal sealed class Lease : IDisposable
        {
            private readonly long _started;
            private MediaPlaybackLimiter? _owner;

            public Lease(MediaPlaybackLimiter? owner, long started)
            {
                _owner = owner;
                _started = started;
            }

            /// <summary>
            /// The call was answered 429: the permit is handed back uncounted, and every caller waits
            /// <paramref name="retryAfter"/> (null: until the oldest call leaves the window).
            /// </summary>
            /// <param name="retryAfter">The server's <c>Retry-After</c>, or null.</param>
            public void Throttled(TimeSpan? retryAfter) => Interlocked.Exchange(ref _owner, null)?.Release(_started, true, retryAfter);

            public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(_started, false, null);
        }
    }
}
