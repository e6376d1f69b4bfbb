using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Recordings
{
    /// <summary>
    /// Client-side limit for media playback calls (docs/cxone-api.md section 4: 150 per 5 minutes by default):
    /// at most <c>permits</c> calls in any window of length <c>window</c>, on the injected clock.
    /// </summary>
    /// <remarks>
    /// A sliding log rather than System.Threading.RateLimiting's fixed or segmented windows: those allow up to
    /// twice the limit across a window boundary that does not line up with the server's, which is exactly the 429
    /// this limiter exists to avoid. A permit is held while its call runs and counts from the moment the call
    /// ended, so the server (which counts arrivals) never sees more than the limit in any window. Thread-safe.
    /// </remarks>
    internal sealed class MediaPlaybackLimiter
    {
        private readonly object _gate = new object();
        private readonly Queue<long> _ended = new Queue<long>();
        private readonly int _permits;
        private readonly TimeSpan _window;
        private readonly TimeProvider _time;
        private int _running;
        private TaskCompletionSource<bool> _released = NewSignal();

        public MediaPlaybackLimiter(int permits, TimeSpan window, TimeProvider time)
        {
            _permits = permits;
            _window = window;
            _time = time;
        }

        public bool Enabled => _permits > 0 && _window > TimeSpan.Zero;

        /// <summary>Waits for a permit; dispose the lease when the call has ended.</summary>
        public async Task<IDisposable> AcquireAsync(CancellationToken ct)
        {
            if (!Enabled)
            {
                return NoLease.Instance;
            }

            while (true)
            {
                TimeSpan wait;
                Task released;
                lock (_gate)
                {
                    var now = _time.GetTimestamp();
                    while (_ended.Count > 0 && _time.GetElapsedTime(_ended.Peek(), now) >= _window)
                    {
                        _ended.Dequeue();
                    }

                    if (_running + _ended.Count < _permits)
                    {
                        _running++;
                        return new Lease(this);
                    }

                    // Full: the oldest ended call frees a permit when it leaves the window; when every permit is
                    // held by a running call, wait for one to end.
                    wait = _ended.Count > 0 ? _window - _time.GetElapsedTime(_ended.Peek(), now) : Timeout.InfiniteTimeSpan;
                    released = _released.Task;
                }

                await WhenAnyAsync(released, wait == Timeout.InfiniteTimeSpan || wait > TimeSpan.Zero ? wait : TimeSpan.Zero, ct).ConfigureAwait(false);
            }
        }

        private async Task WhenAnyAsync(Task released, TimeSpan wait, CancellationToken ct)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = wait == Timeout.InfiniteTimeSpan
                ? Task.Delay(Timeout.Infinite, cts.Token)
                : _time.Delay(wait, cts.Token);
            var done = await Task.WhenAny(released, delay).ConfigureAwait(false);
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
            if (done == delay && delay.IsFaulted)
            {
                await delay.ConfigureAwait(false);
            }
        }

        private void Release()
        {
            TaskCompletionSource<bool> signal;
            lock (_gate)
            {
                _running--;
                _ended.Enqueue(_time.GetTimestamp());
                signal = _released;
                _released = NewSignal();
            }

            signal.TrySetResult(true);
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private sealed class Lease : IDisposable
        {
            private MediaPlaybackLimiter? _owner;

            public Lease(MediaPlaybackLimiter owner) => _owner = owner;

            public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release();
        }

        private sealed class NoLease : IDisposable
        {
            public static readonly NoLease Instance = new NoLease();

            public void Dispose()
            {
            }
        }
    }
}
