using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;

namespace CXone.Core.Http
{
    /// <summary>
    /// A response body with two clocks on the session's <see cref="TimeProvider"/>: the read-idle timeout (runs
    /// only while a read waits, restarts on every read) and the rest of the call's total budget (runs from the
    /// start). When either passes, the pending read is cancelled and fails: a stall with
    /// <see cref="ReadIdleTimeoutException"/>, the budget with a <see cref="CXoneException"/> of kind Timeout. Later
    /// reads fail the same way. The caller's own cancellation surfaces as it always does.
    /// </summary>
    internal sealed class DeadlineStream : Stream
    {
        private const int Open = 0, Stalled = 1, OverBudget = 2;

        private readonly Stream _inner;
        private readonly TimeSpan _idle;
        private readonly TimeSpan _budget;
        private readonly string _host;
        private readonly string _what;
        private readonly CancellationTokenSource _expired = new CancellationTokenSource();
        private readonly ITimer? _idleTimer;
        private readonly ITimer? _budgetTimer;
        private readonly CancellationTokenRegistration _abortOnExpiry;
        private CancellationToken _linkedFor;
        private CancellationTokenSource? _linked;
        private int _state;
        private long _bytes;
        private int _disposed;

        /// <summary>Wraps <paramref name="inner"/>.</summary>
        /// <param name="inner">The body as the transport gives it.</param>
        /// <param name="time">The session's clock.</param>
        /// <param name="idle">The read-idle timeout (<see cref="Timeout.InfiniteTimeSpan"/>: none).</param>
        /// <param name="budgetLeft">What is left of the total budget (<see cref="Timeout.InfiniteTimeSpan"/>: none).</param>
        /// <param name="budget">The whole total budget (for the message).</param>
        /// <param name="host">The host that sends (for messages).</param>
        /// <param name="what">The call, for example <c>GET /path</c> (for messages).</param>
        public DeadlineStream(Stream inner, TimeProvider time, TimeSpan idle, TimeSpan budgetLeft, TimeSpan budget, string host, string what)
        {
            _inner = inner;
            _idle = idle;
            _budget = budget;
            _host = host;
            _what = what;

            // A transport whose reads ignore the token (the .NET Framework handler) still ends: the body is closed.
            _abortOnExpiry = _expired.Token.Register(static s => ((Stream)s!).Dispose(), inner);
            if (idle != Timeout.InfiniteTimeSpan)
            {
                _idleTimer = time.CreateTimer(static s => ((DeadlineStream)s!).Expire(Stalled), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            if (budgetLeft != Timeout.InfiniteTimeSpan)
            {
                _budgetTimer = time.CreateTimer(static s => ((DeadlineStream)s!).Expire(OverBudget), this, budgetLeft < TimeSpan.Zero ? TimeSpan.Zero : budgetLeft, Timeout.InfiniteTimeSpan);
            }
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            ThrowIfExpired(null);
            var token = TokenFor(cancellationToken);
            _idleTimer?.Change(_idle, Timeout.InfiniteTimeSpan);
            try
            {
                var n = await _inner.ReadAsync(buffer, offset, count, token).ConfigureAwait(false);
                _bytes += n;
                return n;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && Volatile.Read(ref _state) != Open)
            {
                throw Failure(e);
            }
            finally
            {
                _idleTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            ThrowIfExpired(null);
            _idleTimer?.Change(_idle, Timeout.InfiniteTimeSpan);
            try
            {
                var n = _inner.Read(buffer, offset, count);
                _bytes += n;
                return n;
            }
            catch (Exception e) when (Volatile.Read(ref _state) != Open)
            {
                throw Failure(e);
            }
            finally
            {
                _idleTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _idleTimer?.Dispose();
                _budgetTimer?.Dispose();
                _abortOnExpiry.Dispose();
                _linked?.Dispose();
                _inner.Dispose();
                _expired.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Expire(int why)
        {
            if (Interlocked.CompareExchange(ref _state, why, Open) != Open)
            {
                return;
            }

            try
            {
                _expired.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The body was closed meanwhile: nothing is reading any more.
            }
        }

        /// <summary>The token of a read: the caller's and the clocks' (one linked source, reused while the caller passes the same token).</summary>
        private CancellationToken TokenFor(CancellationToken caller)
        {
            if (!caller.CanBeCanceled)
            {
                return _expired.Token;
            }

            if (_linked is null || caller != _linkedFor)
            {
                _linked?.Dispose();
                _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _expired.Token);
                _linkedFor = caller;
            }

            return _linked.Token;
        }

        private void ThrowIfExpired(Exception? inner)
        {
            if (Volatile.Read(ref _state) != Open)
            {
                throw Failure(inner);
            }
        }

        private Exception Failure(Exception? inner) =>
            Volatile.Read(ref _state) == OverBudget
                ? CXoneErrors.BodyOverBudget(_host, _what, _budget, _bytes, inner)
                : new ReadIdleTimeoutException(_idle, _bytes, inner);
    }
}
