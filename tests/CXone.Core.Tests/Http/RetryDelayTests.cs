using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using CXone.Core.Http;
using CXone.Emulator;
using Polly;

namespace CXone.Core.Tests.Http;

/// <summary>
/// The wait before a retry: the server's <c>Retry-After</c> (seconds or date, docs/cxone-api.md section 5), or null
/// for Polly's backoff; and our one rule on whether a wait may start at all.
/// </summary>
public sealed class RetryDelayTests
{
    private static Outcome<HttpResponseMessage> Answer(RetryConditionHeaderValue? retryAfter)
    {
        var response = new HttpResponseMessage((HttpStatusCode)429);
        response.Headers.RetryAfter = retryAfter;
        return Outcome.FromResult(response);
    }

    [Fact]
    public void Seconds_are_taken_whole()
    {
        var clock = new ManualTimeProvider();

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterDelay.From(Answer(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7))), clock.GetUtcNow()));
        // 90 s is "1 minute 30 seconds": the whole span, not its seconds part.
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfterDelay.From(Answer(new RetryConditionHeaderValue(TimeSpan.FromSeconds(90))), clock.GetUtcNow()));
    }

    [Fact]
    public void A_date_is_the_time_until_it_on_the_injected_clock()
    {
        var clock = new ManualTimeProvider();
        var date = clock.GetUtcNow().AddSeconds(42);
        var outcome = Answer(new RetryConditionHeaderValue(date));

        Assert.Equal(TimeSpan.FromSeconds(42), RetryAfterDelay.From(outcome, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(TimeSpan.FromSeconds(2), RetryAfterDelay.From(outcome, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.Zero, RetryAfterDelay.From(outcome, clock.GetUtcNow()));
    }

    [Fact]
    public void No_header_or_no_answer_leaves_the_wait_to_polly()
    {
        var now = new ManualTimeProvider().GetUtcNow();

        Assert.Null(RetryAfterDelay.From(Answer(null), now));
        Assert.Null(RetryAfterDelay.From(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset")), now));
    }

    [Fact]
    public void A_retry_after_longer_than_the_largest_wait_is_refused_not_shortened()
    {
        var refusal = RetryWaitRule.Refusal(TimeSpan.FromSeconds(90), retryAfter: true, TimeSpan.FromSeconds(60), Timeout.InfiniteTimeSpan);

        Assert.Equal("the server asks to wait 90 s (Retry-After), longer than the largest wait allowed (60 s).", refusal);
        Assert.Null(RetryWaitRule.Refusal(TimeSpan.FromSeconds(60), retryAfter: true, TimeSpan.FromSeconds(60), Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void A_wait_must_end_inside_the_remaining_budget()
    {
        Assert.Equal("a wait of 30 s does not fit in the remaining time budget.",
            RetryWaitRule.Refusal(TimeSpan.FromSeconds(30), retryAfter: false, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)));
        Assert.Null(RetryWaitRule.Refusal(TimeSpan.FromSeconds(29.5), retryAfter: false, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)));
        Assert.NotNull(RetryWaitRule.Refusal(TimeSpan.FromSeconds(20), retryAfter: true, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10)));
    }
}
