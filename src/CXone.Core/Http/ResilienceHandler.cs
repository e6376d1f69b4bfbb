using System;
using System.Globalization;
using System.Net.Http;
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
    /// The retry loop: a Polly 8 pipeline (total budget -> retry -> attempt timeout) around the inner handlers,
    /// sending a fresh message per attempt. Which outcomes are retried is <see cref="RetryClassifier"/>; the wait
    /// is <see cref="RetryAfterDelay"/> or Polly's exponential backoff with jitter capped at MaxDelay;
    /// <see cref="RetryWaitRule"/> ends the retries when the wait cannot end in a useful attempt. See
    /// <see cref="CXoneHttpPipeline"/> for the policy.
    /// </summary>
    internal sealed class ResilienceHandler : DelegatingHandler
    {
        private static readonly ResiliencePropertyKey<CallState> StateKey = new ResiliencePropertyKey<CallState>("CXone.CallState");

        private readonly CXoneHttpOptions _options;
        private readonly TimeProvider _time;
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

        public ResilienceHandler(CXoneHttpOptions options, TimeProvider time)
        {
            _options = (options ?? throw new ArgumentNullException(nameof(options))).Clone();
            _time = time ?? throw new ArgumentNullException(nameof(time));
            _pipeline = Build();
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // A request with a body gets the call's bag before the template copies it onto every attempt, so the
            // bearer handler can resend the body after a 401. One without (every GET) goes out itself and needs no
            // bag until a retry: the common call allocates none.
            if (request.Content != null)
            {
                HttpCallProperties.Of(request);
            }

            var template = await RequestTemplate.CreateAsync(request).ConfigureAwait(false);
            if (request.Content != null)
            {
                HttpCallProperties.Of(request).Set(HttpCallProperties.Template, template);
            }

            var state = new CallState(this, request, template, _time.GetTimestamp());
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(StateKey, state);
            try
            {
                Outcome<HttpResponseMessage> outcome;
                try
                {
                    outcome = await _pipeline.ExecuteOutcomeAsync(static (ctx, st) => st.Handler.AttemptAsync(st, ctx.CancellationToken), context, state).ConfigureAwait(false);
                }
                catch (RetryStopped stopped)
                {
                    outcome = stopped.Outcome;
                }

                if (outcome.Exception is RetryStopped s)
                {
                    outcome = s.Outcome;
                }

                if (outcome.Exception is { } error)
                {
                    if ((error is OperationCanceledException && cancellationToken.IsCancellationRequested) || error is CXoneException)
                    {
                        ExceptionDispatchInfo.Capture(error).Throw();
                    }

                    throw CXoneErrors.FromTransport(error, CallText.Host(template.Uri), CallText.What(template.Method, template.Uri), state.Attempts, state.LastAttempt);
                }

                return outcome.Result!;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(CallState st, CancellationToken ct)
        {
            st.Attempts++;
            if (st.Attempts > 1)
            {
                // Unset means 1: the common call boxes no count. Set on the caller's message before the copy for
                // this attempt is made, so every attempt's message (and the answer's RequestMessage) shares it.
                HttpCallProperties.Of(st.Request).Set(HttpCallProperties.Attempts, st.Attempts);
            }

            var message = st.Template.Create();
            var started = _time.GetTimestamp();
            try
            {
                var response = await base.SendAsync(message, ct).ConfigureAwait(false);
                if ((int)response.StatusCode >= 400)
                {
                    st.Ended("was answered " + RetryClassifier.Reason(Outcome.FromResult(response)), false);
                }

                return Outcome.FromResult(response);
            }
            catch (Exception e)
            {
                st.Ended(ct.IsCancellationRequested ? Cut(st, started) : "failed (" + RetryClassifier.Reason(Outcome.FromException<HttpResponseMessage>(e)) + ")", ct.IsCancellationRequested);
                return Outcome.FromException<HttpResponseMessage>(e);
            }
        }

        /// <summary>How an attempt that a timer (or the caller) cut short ended, for the Timeout message.</summary>
        private string Cut(CallState st, long attemptStarted)
        {
            if (IsFinite(_options.AttemptTimeout) && _time.GetElapsedTime(attemptStarted) >= Clamp(_options.AttemptTimeout))
            {
                return "got no answer within " + UtcText.Duration(Clamp(_options.AttemptTimeout)) + " (the attempt timeout)";
            }

            return IsFinite(_options.TotalBudget) && _time.GetElapsedTime(st.StartTimestamp) >= Clamp(_options.TotalBudget)
                ? "was still waiting for an answer when the total budget of " + UtcText.Duration(Clamp(_options.TotalBudget)) + " ran out"
                : "was still waiting for an answer";
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
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = _options.BaseDelay <= TimeSpan.Zero ? TimeSpan.Zero : Clamp(_options.BaseDelay),
                    MaxDelay = _options.MaxDelay <= TimeSpan.Zero ? TimeSpan.Zero : Clamp(_options.MaxDelay),
                    ShouldHandle = args => new ValueTask<bool>(
                        !args.Context.CancellationToken.IsCancellationRequested
                        && RetryClassifier.IsRetriable(args.Outcome, args.Context.Properties.GetValue(StateKey, null!).Idempotent)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfterDelay.From(args.Outcome, _time.GetUtcNow())),
                    OnRetry = OnRetry,
                });
            }

            if (IsFinite(_options.AttemptTimeout))
            {
                builder.AddTimeout(new TimeoutStrategyOptions { Timeout = Clamp(_options.AttemptTimeout), Name = "CXone.AttemptTimeout" });
            }

            return builder.Build();
        }

        private ValueTask OnRetry(OnRetryArguments<HttpResponseMessage> args)
        {
            var st = args.Context.Properties.GetValue(StateKey, null!);
            var retryAfter = RetryAfterDelay.From(args.Outcome, _time.GetUtcNow());
            var wait = retryAfter ?? args.RetryDelay;
            var remaining = IsFinite(_options.TotalBudget) ? _options.TotalBudget - _time.GetElapsedTime(st.StartTimestamp) : Timeout.InfiniteTimeSpan;
            var refusal = RetryWaitRule.Refusal(wait, retryAfter.HasValue, _options.MaxDelay, remaining);
            var uri = st.Template.Uri;
            if (refusal != null)
            {
                CXoneReporting.Verbose(CallText.What(st.Template.Method, uri) + " on " + CallText.Host(uri) + ": not retrying after "
                    + RetryClassifier.Reason(args.Outcome) + ": " + refusal);
                throw new RetryStopped(args.Outcome);
            }

            if (CXoneReporting.IsListening)
            {
                CXoneReporting.Verbose(
                    CallText.What(st.Template.Method, uri) + " on " + CallText.Host(uri) + ": attempt " + (args.AttemptNumber + 1).ToString(CultureInfo.InvariantCulture)
                    + " of " + (_options.MaxRetries + 1).ToString(CultureInfo.InvariantCulture) + " failed (" + RetryClassifier.Reason(args.Outcome) + "); retrying in "
                    + RetryWaitRule.Seconds(args.RetryDelay) + " s (" + (retryAfter.HasValue ? "Retry-After" : "backoff") + ").");
            }

            args.Outcome.Result?.Dispose();
            return default;
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

        /// <summary>Ends the retry loop from <c>OnRetry</c> with the outcome in hand (Polly has no "stop" answer there).</summary>
        private sealed class RetryStopped : Exception
        {
            public RetryStopped(Outcome<HttpResponseMessage> outcome) => Outcome = outcome;

            public Outcome<HttpResponseMessage> Outcome { get; }
        }

        private sealed class CallState
        {
            public CallState(ResilienceHandler handler, HttpRequestMessage request, RequestTemplate template, long startTimestamp)
            {
                Handler = handler;
                Request = request;
                Template = template;
                StartTimestamp = startTimestamp;
                Idempotent = HttpCallProperties.IsRetrySafe(request);
            }

            public ResilienceHandler Handler { get; }

            public RequestTemplate Template { get; }

            /// <summary>The caller's message (the first attempt of a request without a body).</summary>
            public HttpRequestMessage Request { get; }

            public long StartTimestamp { get; }

            public bool Idempotent { get; }

            public int Attempts { get; set; }

            /// <summary>How the last attempt that failed ended ("was answered 503 ServiceUnavailable", "failed (could not connect)"); null while none has.</summary>
            public string? LastAttempt { get; private set; }

            /// <summary>Records how an attempt ended; also on the caller's message, where a caller's own timer can read it.</summary>
            public void Ended(string how, bool cut)
            {
                // An attempt cut short after one that failed: both matter ("still waiting ...; the attempt before was answered 503").
                LastAttempt = cut && LastAttempt != null && !LastAttempt.Contains("; the attempt before ") ? how + "; the attempt before " + LastAttempt : how;
                HttpCallProperties.Of(Request).Set(HttpCallProperties.LastAttempt, LastAttempt);
            }
        }
    }
}
