using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Support;

namespace CXone.Core.Auth
{
    /// <summary>
    /// The session's token cache, modelled on the behaviour of Azure.Core's bearer token policy: one renewal in
    /// flight at a time; before <see cref="AccessToken.RefreshOn"/> the cached token is returned; between RefreshOn
    /// and expiry the first caller starts a background renewal and every caller keeps using the still-valid token;
    /// after expiry (or without a token) callers wait for the one renewal. A renewal that fails while the token is
    /// still valid is retried after a back-off, not on every call. A renewal that fails with no valid token left
    /// because the token endpoint is down (ServerError, RateLimited, NetworkFailure, Timeout) starts the same
    /// back-off: until it passes every caller fails at once with that kind and the time of the next attempt, so
    /// that 64 workers during an outage send one token request per back-off step, not one each.
    /// </summary>
    internal sealed class TokenCache : ITokenProvider, IDisposable
    {
        private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

        private readonly object _gate = new object();
        private readonly TimeProvider _time;
        private readonly Func<CancellationToken, Task<AccessToken>>? _renew;
        private readonly TimeSpan _retryDelay;
        private readonly CancellationTokenSource _lifetime = new CancellationTokenSource();
        private AccessToken? _current;
        private Task<AccessToken>? _pending;
        private DateTimeOffset _nextBackgroundAttempt = DateTimeOffset.MinValue;
        private CXoneException? _outage;
        private int _failures;
        private bool _disposed;

        /// <param name="time">The clock.</param>
        /// <param name="initial">The token the session connected with.</param>
        /// <param name="renew">Gets a new token (refresh grant, then the original credential); null for a token that cannot be renewed.</param>
        /// <param name="retryDelay">First wait after a failed background renewal.</param>
        public TokenCache(TimeProvider time, AccessToken initial, Func<CancellationToken, Task<AccessToken>>? renew, TimeSpan retryDelay)
        {
            _time = time;
            _current = initial;
            _renew = renew;
            _retryDelay = retryDelay > TimeSpan.Zero ? retryDelay : TimeSpan.FromSeconds(30);
        }

        /// <summary>The token cached now (possibly in its refresh window or expired), or null after an invalidation.</summary>
        /// <remarks>Internal on purpose: PowerShell shows the public properties of an internal type too, so a public
        /// Current would put the token into <c>Get-CXoneSession | ConvertTo-Json</c> through <c>CXoneSession.Tokens</c>.</remarks>
        internal AccessToken? Current
        {
            get
            {
                lock (_gate)
                {
                    return _current;
                }
            }
        }

        /// <summary>The renewal in flight, if any (tests await it after a refresh-ahead call).</summary>
        internal Task? PendingRenewal
        {
            get
            {
                lock (_gate)
                {
                    return _pending;
                }
            }
        }

        /// <summary>When the next background renewal may be tried after failures (MinValue when none failed).</summary>
        internal DateTimeOffset NextBackgroundAttempt
        {
            get
            {
                lock (_gate)
                {
                    return _nextBackgroundAttempt;
                }
            }
        }

        /// <inheritdoc />
        public Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken) => GetTokenAsync(false, cancellationToken);

        /// <summary>Returns a valid token; <paramref name="forceRefresh"/> renews even when the cached token is fresh.</summary>
        public Task<AccessToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TaskCompletionSource<AccessToken>? mine = null;
            Task<AccessToken> wait;
            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(CXoneSession), "The CXone session was disposed.");
                }

                var now = _time.GetUtcNow();
                var current = _current;
                if (_renew is null)
                {
                    return Task.FromResult(CannotRenew(current, now, forceRefresh));
                }

                if (!forceRefresh && current != null && now < current.RefreshOn)
                {
                    return Task.FromResult(current);
                }

                if (!forceRefresh && current != null && now < current.ExpiresOn)
                {
                    // Refresh-ahead window: the token still works; renew in the background at most once at a time,
                    // and after a failure only when the back-off has passed.
                    if (_pending is null && now >= _nextBackgroundAttempt)
                    {
                        mine = StartRenewal();
                    }

                    if (mine is null)
                    {
                        return Task.FromResult(current);
                    }

                    wait = Task.FromResult(current);
                }
                else
                {
                    if (_pending is null && _outage != null && now < _nextBackgroundAttempt)
                    {
                        // The token endpoint failed a moment ago and no token is usable: every caller gets that answer
                        // at once, and only the first caller after the back-off asks the endpoint again.
                        throw OutageError(_outage, now);
                    }

                    if (_pending is null)
                    {
                        mine = StartRenewal();
                    }

                    wait = _pending!;
                }
            }

            if (mine != null)
            {
                _ = RunRenewalAsync(mine);
            }

            return WaitAsync(wait, cancellationToken);
        }

        /// <inheritdoc />
        public void Invalidate(AccessToken rejected)
        {
            if (rejected is null)
            {
                return;
            }

            if (_renew is null)
            {
                // A token the user brought cannot be replaced: keep it, so the caller sees the API's own 401 answer
                // (and a transient 401 does not end the session).
                CXoneReporting.Verbose("the API rejected the access token you supplied; it cannot be refreshed");
                return;
            }

            lock (_gate)
            {
                if (_current != null && (ReferenceEquals(_current, rejected) || string.Equals(_current.Token, rejected.Token, StringComparison.Ordinal)))
                {
                    _current = null;
                    CXoneReporting.Verbose("the API rejected the current token; it is dropped and renewed on the next call");
                }
            }
        }

        /// <summary>Forgets the token and cancels a renewal in flight.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _current = null;
            }

            _lifetime.Cancel();
            _lifetime.Dispose();
        }

        private TaskCompletionSource<AccessToken> StartRenewal()
        {
            var tcs = new TaskCompletionSource<AccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending = tcs.Task;

            // Nobody may await a background renewal: observe its failure so it is never unobserved.
            TaskFaults.Observe(tcs.Task);
            return tcs;
        }

        private async Task RunRenewalAsync(TaskCompletionSource<AccessToken> mine)
        {
            CancellationToken lifetime;
            try
            {
                lifetime = _lifetime.Token;
            }
            catch (ObjectDisposedException)
            {
                lifetime = new CancellationToken(true);
            }

            try
            {
                var token = await _renew!(lifetime).ConfigureAwait(false);
                lock (_gate)
                {
                    if (!_disposed)
                    {
                        _current = token;
                    }

                    _pending = null;
                    _failures = 0;
                    _outage = null;
                    _nextBackgroundAttempt = DateTimeOffset.MinValue;
                }

                CXoneReporting.Verbose("token refreshed, expires " + token.ExpiresOn.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                mine.TrySetResult(token);
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    _pending = null;
                    var now = _time.GetUtcNow();
                    if (!_disposed && _current != null && now < _current.ExpiresOn)
                    {
                        _failures++;
                        var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, _retryDelay.Ticks * (1L << Math.Min(_failures - 1, 20))));
                        _nextBackgroundAttempt = now + delay;
                        CXoneReporting.Warning(
                            "Token refresh failed (" + (ex is CXoneException cx ? cx.ErrorId + ": " : string.Empty) + Redactor.Sanitize(ex.Message) +
                            "); the current token stays in use until " + _current.ExpiresOn.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture) +
                            "; next attempt in " + UtcText.Duration(delay) + ".");
                    }
                    else if (!_disposed && ex is CXoneException failure && IsOutage(failure.Kind))
                    {
                        _failures++;
                        _outage = failure;
                        var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, _retryDelay.Ticks * (1L << Math.Min(_failures - 1, 20))));
                        _nextBackgroundAttempt = now + delay;
                        CXoneReporting.Warning("Token renewal failed (" + failure.ErrorId + ") and no valid token is left; the session asks the token endpoint again at " +
                            UtcText.Seconds(_nextBackgroundAttempt) + " (in " + UtcText.Duration(delay) + ").");
                    }
                }

                if (ex is OperationCanceledException)
                {
                    mine.TrySetCanceled();
                }
                else
                {
                    mine.TrySetException(ex);
                }
            }
        }

        /// <summary>Failures of the token endpoint itself, after which asking again at once would only add load.</summary>
        private static bool IsOutage(CXoneErrorKind kind) =>
            kind == CXoneErrorKind.ServerError || kind == CXoneErrorKind.RateLimited || kind == CXoneErrorKind.NetworkFailure || kind == CXoneErrorKind.Timeout;

        /// <summary>What a caller gets during the back-off after an outage: the endpoint's own failure and when the next attempt is.</summary>
        private CXoneException OutageError(CXoneException outage, DateTimeOffset now) =>
            new CXoneException(
                outage.Kind,
                "No valid token: the last token request failed (" + outage.Message + "); the next attempt is at " + UtcText.Seconds(_nextBackgroundAttempt) +
                    " (in " + UtcText.Duration(_nextBackgroundAttempt - now) + ").",
                outage.RecommendedAction,
                outage.StatusCode,
                outage.ErrorCode,
                outage.ErrorDescription,
                outage.Host,
                outage);

        private AccessToken CannotRenew(AccessToken? current, DateTimeOffset now, bool forceRefresh)
        {
            if (current is null)
            {
                throw new CXoneException(
                    CXoneErrorKind.ReconnectRequired,
                    "CXone rejected the access token you supplied; this token cannot be refreshed.",
                    "Connect again with an access key (Connect-CXone -AccessKeyId -AccessKeySecret) or a new token.");
            }

            if (now >= current.ExpiresOn)
            {
                throw new CXoneException(
                    CXoneErrorKind.TokenExpired,
                    "The access token you supplied expired at " + UtcText.Seconds(current.ExpiresOn) +
                        "; this token cannot be refreshed; connect again with an access key.",
                    "Connect again with an access key (Connect-CXone -AccessKeyId -AccessKeySecret) so the session can renew its own tokens.");
            }

            if (forceRefresh)
            {
                CXoneReporting.Warning("The access token you supplied cannot be refreshed; it stays in use until " +
                    UtcText.Seconds(current.ExpiresOn) + ".");
            }

            return current;
        }

        private static async Task<AccessToken> WaitAsync(Task<AccessToken> task, CancellationToken cancellationToken)
        {
            if (task.IsCompleted || !cancellationToken.CanBeCanceled)
            {
                return await task.ConfigureAwait(false);
            }

            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), cancelled))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }

            return await task.ConfigureAwait(false);
        }
    }
}
