using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CXone.Core.Http
{
    /// <summary>
    /// The outer handler of every chain: a Polly 8 resilience pipeline (total budget -> retry -> attempt timeout)
    /// around the inner handlers. See <see cref="CXoneHttpPipeline"/> for the policy.
    /// </summary>
    internal sealed class ResilienceHandler : DelegatingHandler
    {
        private static readonly ResiliencePropertyKey<CallState> StateKey = new ResiliencePropertyKey<CallState>("CXone.CallState");
        private static readonly object RandomGate = new object();
        private static readonly Random Jitter = new Random();

        private readonly CXoneHttpOptions _options;
        private readonly TimeProvider _time;
        private readonly Mode _mode;
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
        private readonly MediaTypeWithQualityHeaderValue _accept;

        public ResilienceHandler(CXoneHttpOptions options, TimeProvider time, Mode mode)
        {
            _options = (options ?? throw new ArgumentNullException(nameof(options))).Clone();
            _time = time ?? throw new ArgumentNullException(nameof(time));
            _mode = mode;
            _accept = new MediaTypeWithQualityHeaderValue(mode == Mode.Storage ? "*/*" : "application/json");
            _pipeline = Build();
        }

        internal enum Mode
        {
            Api,
            Anonymous,
            Storage,
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Accept.Count == 0)
            {
                request.Headers.Accept.Add(_accept);
            }

            if (request.Headers.UserAgent.Count == 0 && !string.IsNullOrEmpty(_options.UserAgent))
            {
                request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            }

            var template = await RequestTemplate.CreateAsync(request).ConfigureAwait(false);
            var state = new CallState(this, template, _time.GetTimestamp(), request.RequestUri);
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(StateKey, state);
            try
            {
                var outcome = await _pipeline.ExecuteOutcomeAsync(
                    static async (ctx, st) =>
                    {
                        var message = st.Template.Create();
                        st.Attempts++;
                        try
                        {
                            var response = await st.Handler.SendInnerAsync(message, ctx.CancellationToken).ConfigureAwait(false);
                            RequestTemplate.SetAttempts(response.RequestMessage ?? message, st.Attempts);
                            if (st.Handler._mode != Mode.Storage && !RequestTemplate.IsStreaming(message))
                            {
                                await BufferAsync(response, ctx.CancellationToken).ConfigureAwait(false);
                            }

                            return Outcome.FromResult(response);
                        }
                        catch (Exception e)
                        {
                            return Outcome.FromException<HttpResponseMessage>(e);
                        }
                    },
                    context,
                    state).ConfigureAwait(false);

                if (outcome.Exception is { } error)
                {
                    if (error is OperationCanceledException && cancellationToken.IsCancellationRequested)
                    {
                        ExceptionDispatchInfo.Capture(error).Throw();
                    }

                    if (error is CXoneException)
                    {
                        ExceptionDispatchInfo.Capture(error).Throw();
                    }

                    throw CXoneHttpErrors.FromTransport(error, state.Host, state.What, state.Attempts);
                }

                var result = ResponseOf(outcome)!;
                if (_mode == Mode.Api && CXoneReporting.IsListening)
                {
                    // "GET /inContactAPI/services/v30.0/server-time 200 in 35 ms" (query left out: it may hold ids and dates).
                    CXoneReporting.Verbose(
                        state.What + " " + ((int)result.StatusCode).ToString(CultureInfo.InvariantCulture) + " in "
                        + ((long)_time.GetElapsedTime(state.StartTimestamp).TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms"
                        + (state.Attempts > 1 ? " (" + state.Attempts.ToString(CultureInfo.InvariantCulture) + " attempts)" : string.Empty));
                }

                return result;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <summary>The response a Polly outcome holds, or null when it holds an exception (an outcome is a value, never a task to block on).</summary>
        private static HttpResponseMessage? ResponseOf(Outcome<HttpResponseMessage> outcome) => outcome is { Result: { } response } ? response : null;

        private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage message, CancellationToken ct) => base.SendAsync(message, ct);

        private static async Task BufferAsync(HttpResponseMessage response, CancellationToken ct)
        {
            if (response.Content is null)
            {
                return;
            }

            try
            {
                using (ct.Register(static r => ((HttpResponseMessage)r!).Dispose(), response))
                {
                    await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                }
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                response.Dispose();
                throw new OperationCanceledException(ct);
            }
            catch (Exception)
            {
                response.Dispose();
                throw;
            }
        }

        private ResiliencePipeline<HttpResponseMessage> Build()
        {
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
            if (IsFinite(_options.TotalBudget))
            {
                builder.AddTimeout(new TimeoutStrategyOptions { Timeout = Clamp(_options.TotalBudget), Name = "CXone.TotalBudget" });
            }

            if (_options.MaxRetries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    Name = "CXone.Retry",
                    MaxRetryAttempts = _options.MaxRetries,
                    BackoffType = DelayBackoffType.Constant,
                    UseJitter = false,
                    Delay = TimeSpan.Zero,
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context, args.AttemptNumber)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(StateKey, null!)?.NextDelay ?? TimeSpan.Zero),
                    OnRetry = args =>
                    {
                        var st = args.Context.Properties.GetValue(StateKey, null!);
                        if (st != null)
                        {
                            CXoneReporting.Verbose(
                                st.What + " on " + st.Host + ": attempt " + (args.AttemptNumber + 1).ToString(CultureInfo.InvariantCulture)
                                + " of " + (_options.MaxRetries + 1).ToString(CultureInfo.InvariantCulture) + " failed (" + st.Reason + "); retrying in "
                                + args.RetryDelay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s (" + st.DelaySource + ").");
                        }

                        ResponseOf(args.Outcome)?.Dispose();
                        return default;
                    },
                });
            }

            if (IsFinite(_options.AttemptTimeout))
            {
                builder.AddTimeout(new TimeoutStrategyOptions { Timeout = Clamp(_options.AttemptTimeout), Name = "CXone.AttemptTimeout" });
            }

            return builder.Build();
        }

        private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attemptNumber)
        {
            var st = context.Properties.GetValue(StateKey, null!);
            if (st is null || context.CancellationToken.IsCancellationRequested)
            {
                return false;
            }

            bool retriable;
            TimeSpan? retryAfter = null;
            string reason;
            if (outcome.Exception is { } error)
            {
                if (error is CXoneException || (error is OperationCanceledException && !(error is TimeoutRejectedException)))
                {
                    return false;
                }

                var connect = IsConnectFailure(error);
                retriable = connect || (st.Idempotent && (error is HttpRequestException || error is IOException || error is TimeoutRejectedException));
                reason = error is TimeoutRejectedException ? "attempt timed out" : connect ? "could not connect" : "connection failed: " + Redactor.Excerpt(error.Message, 120);
            }
            else
            {
                var response = ResponseOf(outcome)!;
                var status = (int)response.StatusCode;
                retriable = status == 429 || (st.Idempotent && (status == 408 || status == 500 || status == 502 || status == 503 || status == 504));
                reason = status.ToString(CultureInfo.InvariantCulture) + " " + response.StatusCode;
                if (retriable)
                {
                    retryAfter = RetryAfter(response);
                }
            }

            if (!retriable)
            {
                return false;
            }

            TimeSpan delay;
            if (retryAfter is { } ra)
            {
                // The server's wait is honoured whole: retrying sooner only earns another refusal. A wait longer
                // than the largest one allowed ends the retries instead of being cut short.
                if (ra > _options.MaxDelay)
                {
                    CXoneReporting.Verbose(st.What + " on " + st.Host + ": not retrying after " + reason + ": the server asks to wait "
                        + ra.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s (Retry-After), longer than the largest wait allowed ("
                        + _options.MaxDelay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s).");
                    return false;
                }

                delay = ra;
                st.DelaySource = "Retry-After";
            }
            else
            {
                delay = Backoff(attemptNumber);
                st.DelaySource = "backoff";
            }

            if (delay < TimeSpan.Zero)
            {
                delay = TimeSpan.Zero;
            }

            if (IsFinite(_options.TotalBudget))
            {
                var remaining = _options.TotalBudget - _time.GetElapsedTime(st.StartTimestamp);
                if (delay >= remaining)
                {
                    CXoneReporting.Verbose(st.What + " on " + st.Host + ": not retrying after " + reason + ": a wait of "
                        + delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s does not fit in the remaining time budget.");
                    return false;
                }
            }

            st.NextDelay = delay;
            st.Reason = reason;
            return true;
        }

        private TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header is null)
            {
                return null;
            }

            if (header.Delta is { } delta)
            {
                return delta;
            }

            if (header.Date is { } date)
            {
                var wait = date - _time.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }

        private TimeSpan Backoff(int attemptNumber)
        {
            var baseTicks = (double)_options.BaseDelay.Ticks;
            if (baseTicks <= 0)
            {
                return TimeSpan.Zero;
            }

            var exp = baseTicks * Math.Pow(2, Math.Min(attemptNumber, 30));
            var cap = (double)_options.MaxDelay.Ticks;
            if (exp > cap)
            {
                exp = cap;
            }

            double r;
            lock (RandomGate)
            {
                r = Jitter.NextDouble();
            }

            // Equal jitter: half fixed, half random, so waits grow but concurrent callers spread out.
            return TimeSpan.FromTicks((long)((exp / 2) + (r * exp / 2)));
        }

        internal static bool IsConnectFailure(Exception error)
        {
            for (var e = error; e != null; e = e.InnerException)
            {
                if (e is SocketException se)
                {
                    switch (se.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.NetworkDown:
                        case SocketError.TryAgain:
                        case SocketError.AddressNotAvailable:
                            return true;
                    }
                }

                if (e is HttpRequestException)
                {
                    // .NET 8+ tells the kind of failure; netstandard2.0 cannot see the property at compile time.
                    var kind = e.GetType().GetProperty("HttpRequestError")?.GetValue(e)?.ToString();
                    if (kind == "ConnectionError" || kind == "NameResolutionError")
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsFinite(TimeSpan t) => t > TimeSpan.Zero && t != Timeout.InfiniteTimeSpan;

        private static TimeSpan Clamp(TimeSpan t)
        {
            if (t < TimeSpan.FromMilliseconds(10))
            {
                return TimeSpan.FromMilliseconds(10);
            }

            return t > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : t;
        }

        private sealed class CallState
        {
            public CallState(ResilienceHandler handler, RequestTemplate template, long startTimestamp, Uri? uri)
            {
                Handler = handler;
                Template = template;
                StartTimestamp = startTimestamp;
                _method = template.Method.Method.ToUpperInvariant();
                _uri = uri;
                Idempotent = _method == "GET" || _method == "HEAD" || _method == "OPTIONS" || _method == "PUT" || _method == "DELETE" || _method == "TRACE";
                Host = uri is null ? "the host" : uri.IsAbsoluteUri ? uri.Authority : "the host";
            }

            private readonly string _method;
            private readonly Uri? _uri;
            private string? _what;

            public ResilienceHandler Handler { get; }

            public RequestTemplate Template { get; }

            public long StartTimestamp { get; }

            public bool Idempotent { get; }

            public string Host { get; }

            /// <summary>Method and sanitized path, for messages (built on first use: most calls never need it).</summary>
            public string What => _what ??= _method + " " + (_uri is null ? string.Empty : _uri.IsAbsoluteUri ? Redactor.Sanitize(_uri.AbsolutePath) : Redactor.SafeUrl(_uri));

            public int Attempts { get; set; }

            public TimeSpan NextDelay { get; set; }

            public string Reason { get; set; } = string.Empty;

            public string DelaySource { get; set; } = "backoff";
        }
    }
}
