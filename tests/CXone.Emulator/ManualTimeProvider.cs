using System;
using System.Collections.Generic;
using System.Threading;

namespace CXone.Emulator;

/// <summary>
/// A clock that only moves when told to. Shared by the emulator and the client under test so that token
/// expiry, refresh-ahead, backoff and rate-limit windows are tested without sleeping on the real clock.
/// Timers created through it fire (synchronously, on the caller of <see cref="Advance"/>) when time passes
/// their due time. Thread-safe.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = new();
    private DateTimeOffset _now;
    private long _timestamp;

    /// <summary>Starts at <paramref name="start"/> (UTC); default 2026-11-21T10:00:00Z.</summary>
    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        _now = (start ?? new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero)).ToUniversalTime();
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _timestamp;
        }
    }

    /// <summary>Moves the clock forward and fires every timer that comes due, in due order.</summary>
    /// <param name="by">How far; must not be negative.</param>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "Time only moves forward.");
        }

        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? next = null;
            lock (_gate)
            {
                foreach (var t in _timers)
                {
                    if (t.DueAt is { } due && due <= target && (next is null || due < next.DueAt))
                    {
                        next = t;
                    }
                }

                if (next is null)
                {
                    _timestamp += (target - _now).Ticks;
                    _now = target;
                    break;
                }

                var at = next.DueAt!.Value;
                if (at > _now)
                {
                    _timestamp += (at - _now).Ticks;
                    _now = at;
                }

                next.DueAt = next.Period is { } p && p > TimeSpan.Zero ? at + p : null;
            }

            next.Fire();
        }
    }

    /// <summary>Sets the clock to <paramref name="to"/> (must not be earlier than now), firing due timers.</summary>
    public void SetUtcNow(DateTimeOffset to) => Advance(to - GetUtcNow());

    /// <summary>Number of timers that are armed (for tests that wait until a component is waiting on the clock).</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                var n = 0;
                foreach (var t in _timers)
                {
                    if (t.DueAt != null)
                    {
                        n++;
                    }
                }

                return n;
            }
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; private set; }

        public void Fire() => _callback(_state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var fireNow = false;
            lock (_owner._gate)
            {
                if (!_owner._timers.Contains(this))
                {
                    return false;
                }

                Period = period == Timeout.InfiniteTimeSpan ? null : period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    DueAt = null;
                }
                else if (dueTime <= TimeSpan.Zero)
                {
                    fireNow = true;
                    DueAt = Period is { } p && p > TimeSpan.Zero ? _owner._now + p : null;
                }
                else
                {
                    DueAt = _owner._now + dueTime;
                }
            }

            if (fireNow)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => Fire(), null);
            }

            return true;
        }

        public void Dispose()
        {
            lock (_owner._gate)
            {
                _owner._timers.Remove(this);
                DueAt = null;
            }
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
