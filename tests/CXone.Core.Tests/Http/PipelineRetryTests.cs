using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Http;

/// <summary>The resilience pipeline against the emulator's faults: attempts the server saw equal the policy's promise.</summary>
public sealed class PipelineRetryTests
{
    private static CXoneRequest ServerTime() => new(HttpMethod.Get, Routes.ServerTimePath);

    [Theory]
    [InlineData(FaultKind.ServiceUnavailable, 503, CXoneErrorKind.ServerError)]
    [InlineData(FaultKind.TooManyRequests, 429, CXoneErrorKind.RateLimited)]
    [InlineData(FaultKind.Html502, 502, CXoneErrorKind.ServerError)]
    public async Task Retriable_status_is_tried_1_plus_MaxRetries_times_then_mapped(FaultKind kind, int status, CXoneErrorKind expected)
    {
        await using var w = await RequestsWorld.StartAsync();
        w.Emu.Faults.Next(Routes.ServerTime, kind, count: 50, retryAfter: RetryAfterMode.None);
        using var _ = CXoneReporting.Listen(w.Reports);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => w.DriveAsync(w.Api.SendAsync(ServerTime(), CancellationToken.None)));

        Assert.Equal(expected, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(w.Emu.ApiBaseUri.Authority, ex.Host);
        Assert.Contains("after 6 attempts", ex.Message);
        Assert.DoesNotContain("<html", ex.ToString(), StringComparison.OrdinalIgnoreCase);
        var stats = w.Emu.GetStats();
        Assert.Equal(6, stats.Requests(Routes.ServerTime));
        Assert.Equal(6, stats.Requests(Routes.ServerTime, status));
        var retries = w.Reports.RetryLines.ToList();
        Assert.Equal(5, retries.Count);
        Assert.Contains("attempt 1 of 6", retries[0]);
        Assert.Contains(status.ToString(), retries[0]);
        Assert.Contains("attempt 5 of 6", retries[4]);
    }

    [Theory]
    [InlineData(FaultKind.ServiceUnavailable)]
    [InlineData(FaultKind.TooManyRequests)]
    [InlineData(FaultKind.Html502)]
    [InlineData(FaultKind.DropConnection)]
    public async Task Two_faults_then_success_takes_three_attempts(FaultKind kind)
    {
        await using var w = await RequestsWorld.StartAsync();
        w.Emu.Faults.Next(Routes.ServerTime, kind, count: 2, retryAfter: RetryAfterMode.None);

        var r = await w.DriveAsync(w.Api.SendAsync(ServerTime(), CancellationToken.None));

        Assert.Equal(200, r.StatusCode);
        Assert.True(r.Json!.Value.TryGetProperty("ServerTime", out _));
        var stats = w.Emu.GetStats();
        Assert.Equal(3, stats.Requests(Routes.ServerTime));
        // A dropped answer had started as 200 before the connection was cut, so the server counts it as 200.
        Assert.Equal(kind == FaultKind.DropConnection ? 3 : 1, stats.Requests(Routes.ServerTime, 200));
        Assert.Equal(2, stats.FaultsInjected);
    }

    [Fact]
    public async Task Dropped_connection_every_time_ends_as_NetworkFailure_after_six_attempts()
    {
        await using var w = await RequestsWorld.StartAsync();
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.DropConnection, count: 50);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => w.DriveAsync(w.Api.SendAsync(ServerTime(), CancellationToken.None)));

        Assert.Equal(CXoneErrorKind.NetworkFailure, ex.Kind);
        Assert.Equal(w.Emu.ApiBaseUri.Authority, ex.Host);
        Assert.Equal(6, w.Emu.GetStats().Requests(Routes.ServerTime));
    }

    [Fact]
    public async Task Malformed_json_is_not_retried_and_is_InvalidResponse_without_secrets()
    {
        await using var w = await RequestsWorld.StartAsync();
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.MalformedJson);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => w.DriveAsync(w.Api.SendAsync(ServerTime(), CancellationToken.None)));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.ServerTime));
        Assert.Contains("totalRecords", ex.Message);
        Assert.DoesNotContain("eyJ", ex.ToString());
    }

    [Fact]
    public async Task A_401_invalidates_that_token_and_retries_once_with_a_fresh_one()
    {
        await using var w = await RequestsWorld.StartAsync();
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.Unauthorized);

        var r = await w.DriveAsync(w.Api.SendAsync(ServerTime(), CancellationToken.None));

        Assert.Equal(200, r.StatusCode);
        var stats = w.Emu.GetStats();
        Assert.Equal(2, stats.Requests(Routes.ServerTime));
        Assert.Equal(2, stats.Grants("password"));
        Assert.Equal(1, w.Tokens.Invalidations);
        var auths = w.ApiWire.Requests.Select(q => q.Authorization).ToList();
        Assert.NotEqual(auths[0], auths[1]);
    }

    [Fact]
    public async Task A_second_401_is_AuthenticationFailed_after_exactly_two_attempts()
    {
        await using var w = await RequestsWorld.StartAsync();
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.Unauthorized, count: 5);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => w.DriveAsync(w.Api.SendAsync(ServerTime(), CancellationToken.None)));

        Assert.Equal(CXoneErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("access key", ex.RecommendedAction);
        Assert.Equal(2, w.Emu.GetStats().Requests(Routes.ServerTime));
        Assert.DoesNotContain("eyJ", ex.ToString());
    }

    [Fact]
    public async Task Post_is_not_retried_on_503_but_is_retried_on_429()
    {
        await using var w = await RequestsWorld.StartAsync();
        using var anon = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateAnonymousHandler(w.Http, w.Clock, new SocketsHttpHandler()));
        HttpRequestMessage TokenRequest()
        {
            var o = w.Emu.Options;
            return new HttpRequestMessage(HttpMethod.Post, new Uri(w.Emu.IssuerUri, "auth/token"))
            {
                Content = new FormUrlEncodedContent(new[]
                {
                    new System.Collections.Generic.KeyValuePair<string, string>("grant_type", "password"),
                    new("username", o.AccessKeyId), new("password", o.AccessKeySecret),
                    new("client_id", o.ClientId), new("client_secret", o.ClientSecret),
                }),
            };
        }

        w.Emu.Faults.Next(Routes.Token, FaultKind.ServiceUnavailable, count: 3, retryAfter: RetryAfterMode.Seconds);
        using (var r503 = await w.DriveAsync(anon.SendAsync(TokenRequest())))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r503.StatusCode);
        }

        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.Token));

        w.Emu.Reset();
        w.Emu.Faults.Next(Routes.Token, FaultKind.TooManyRequests, count: 1, retryAfter: RetryAfterMode.Seconds);
        using (var r429 = await w.DriveAsync(anon.SendAsync(TokenRequest())))
        {
            Assert.Equal(HttpStatusCode.OK, r429.StatusCode);
        }

        var stats = w.Emu.GetStats();
        Assert.Equal(2, stats.Requests(Routes.Token));
        Assert.Equal(1, stats.Requests(Routes.Token, 429));
        Assert.Equal(1, stats.Grants("password"));
    }

    [Fact]
    public async Task Post_is_not_retried_after_a_dropped_answer_but_get_is()
    {
        await using var w = await RequestsWorld.StartAsync();
        using var anon = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateAnonymousHandler(w.Http, w.Clock, new SocketsHttpHandler()));
        w.Emu.Faults.Next(Routes.Token, FaultKind.DropConnection, count: 3);
        var post = new HttpRequestMessage(HttpMethod.Post, new Uri(w.Emu.IssuerUri, "auth/token")) { Content = new StringContent("grant_type=password") };

        var ex = await Assert.ThrowsAsync<CXoneException>(() => w.DriveAsync(anon.SendAsync(post)));

        Assert.Equal(CXoneErrorKind.NetworkFailure, ex.Kind);
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.Token));
    }

    [Fact]
    public async Task Connect_failures_are_retried_for_get_and_post_then_NetworkFailure_names_the_host()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var clock = new ManualTimeProvider();
        var wire = new WireLog(clock);
        var options = new CXoneHttpOptions { BaseDelay = TimeSpan.FromMilliseconds(100) };
        using var anon = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateAnonymousHandler(options, clock, wire));
        var target = new Uri($"http://127.0.0.1:{port}/auth/token");

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            var before = wire.Requests.Count;
            var call = anon.SendAsync(new HttpRequestMessage(method, target) { Content = method == HttpMethod.Post ? new StringContent("x") : null });
            var ex = await Assert.ThrowsAsync<CXoneException>(() => Drive(clock, wire, call));
            Assert.Equal(CXoneErrorKind.NetworkFailure, ex.Kind);
            Assert.Equal("127.0.0.1:" + port, ex.Host);
            Assert.Equal(6, wire.Requests.Count - before);
        }
    }

    [Theory]
    [InlineData(RetryAfterMode.Seconds)]
    [InlineData(RetryAfterMode.HttpDate)]
    public async Task Retry_after_is_honoured_as_seconds_and_as_date(RetryAfterMode mode)
    {
        await using var w = await RequestsWorld.StartAsync(http: h => h.BaseDelay = TimeSpan.FromSeconds(1));
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.ServiceUnavailable, count: 1, retryAfter: mode, retryAfterSeconds: 7);
        using var _ = CXoneReporting.Listen(w.Reports);

        await w.DriveAsync(w.Api.SendAsync(ServerTime(), CancellationToken.None));

        var times = w.ApiWire.Requests.Select(r => r.ClockTime).ToList();
        Assert.Equal(2, times.Count);
        var gap = times[1] - times[0];
        // The date form has one-second resolution; the seconds form is exact. Backoff alone would be about 1 s.
        Assert.InRange(gap.TotalSeconds, mode == RetryAfterMode.HttpDate ? 6.0 : 7.0, 9.0);
        Assert.Contains(w.Reports.RetryLines, l => l.Contains("Retry-After"));
    }

    [Fact]
    public async Task Without_retry_after_the_wait_is_exponential_backoff()
    {
        await using var w = await RequestsWorld.StartAsync(http: h => h.BaseDelay = TimeSpan.FromSeconds(4));
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.ServiceUnavailable, count: 3, retryAfter: RetryAfterMode.None);
        using var _ = CXoneReporting.Listen(w.Reports);

        await w.DriveAsync(w.Api.SendAsync(ServerTime(), CancellationToken.None));

        var t = w.ApiWire.Requests.Select(r => r.ClockTime).ToList();
        Assert.Equal(4, t.Count);
        // Polly's exponential backoff with jitter (decorrelated jitter, median first wait 4 s, about doubling): each
        // wait is random, but the first three always add up to between 11.3 s and 22.9 s (the formula's running
        // total after three retries); a constant 4 s would give 12 s, no wait at all 0 s.
        Assert.All(new[] { t[1] - t[0], t[2] - t[1], t[3] - t[2] }, gap => Assert.True(gap > TimeSpan.Zero));
        Assert.InRange((t[3] - t[0]).TotalSeconds, 11.0, 23.5);
        Assert.All(w.Reports.RetryLines, l => Assert.Contains("backoff", l));
    }

    [Fact]
    public async Task Retry_after_uses_the_whole_timespan_not_its_seconds_part()
    {
        await using var w = await RequestsWorld.StartAsync(http: h =>
        {
            h.MaxDelay = TimeSpan.FromSeconds(100);
            h.TotalBudget = TimeSpan.FromSeconds(300);
        });
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.TooManyRequests, count: 1, retryAfter: RetryAfterMode.Seconds, retryAfterSeconds: 90);

        await w.DriveAsync(w.Api.SendAsync(ServerTime(), CancellationToken.None), TimeSpan.FromMilliseconds(500));

        var t = w.ApiWire.Requests.Select(r => r.ClockTime).ToList();
        Assert.InRange((t[1] - t[0]).TotalSeconds, 90.0, 93.0);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_largest_wait_is_not_cut_short_but_ends_the_retries()
    {
        await using var w = await RequestsWorld.StartAsync(http: h => h.MaxDelay = TimeSpan.FromSeconds(60));
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.TooManyRequests, count: 1, retryAfter: RetryAfterMode.Seconds, retryAfterSeconds: 90);
        using var _ = CXoneReporting.Listen(w.Reports);
        var start = w.Clock.GetUtcNow();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => w.DriveAsync(w.Api.SendAsync(ServerTime(), CancellationToken.None), TimeSpan.FromSeconds(1)));

        // Retrying after 60 s would only earn another 429: the server's 90 s are honoured or not waited at all.
        Assert.Equal(CXoneErrorKind.RateLimited, ex.Kind);
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.ServerTime));
        Assert.True(w.Clock.GetUtcNow() - start < TimeSpan.FromSeconds(60), "it waited: " + (w.Clock.GetUtcNow() - start));
        Assert.Contains(w.Reports.Lines, l => l.Contains("not retrying") && l.Contains("90 s (Retry-After)"));
    }

    [Fact]
    public async Task Retry_after_beyond_the_remaining_budget_stops_retrying_at_once()
    {
        await using var w = await RequestsWorld.StartAsync(http: h => h.MaxDelay = TimeSpan.FromSeconds(600));
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.TooManyRequests, count: 1, retryAfter: RetryAfterMode.Seconds, retryAfterSeconds: 200);
        var start = w.Clock.GetUtcNow();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => w.Api.SendAsync(ServerTime(), CancellationToken.None));

        Assert.Equal(CXoneErrorKind.RateLimited, ex.Kind);
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.ServerTime));
        Assert.Equal(start, w.Clock.GetUtcNow());
    }

    /// <summary>
    /// Waits (real time, bounded) until the emulator holds the request: it is on the client's wire AND the server has
    /// taken the hang fault. Advancing the clock earlier would cut an attempt the server never saw, and the pending
    /// fault would then hold the retry instead, with nothing left to end it.
    /// </summary>
    private static async Task UntilTheServerHoldsIt(RequestsWorld w)
    {
        var guard = Stopwatch.StartNew();
        while (w.ApiWire.InFlight == 0 || w.Emu.GetStats().FaultsInjected == 0)
        {
            Assert.True(guard.Elapsed < TimeSpan.FromSeconds(30), "the server never held the request");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task An_attempt_longer_than_the_attempt_timeout_is_cut_on_the_clock_and_retried()
    {
        await using var w = await RequestsWorld.StartAsync(http: h => h.AttemptTimeout = TimeSpan.FromSeconds(10));
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.Hang, count: 1); // the server holds the first attempt only
        using var _ = CXoneReporting.Listen(w.Reports);

        var call = w.Api.SendAsync(ServerTime(), CancellationToken.None);
        await UntilTheServerHoldsIt(w);
        w.Clock.Advance(TimeSpan.FromSeconds(11));
        var r = await w.DriveAsync(call);

        Assert.Equal(200, r.StatusCode);
        Assert.Equal(2, w.ApiWire.Requests.Count);
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.ServerTime, 200));
        Assert.Contains(w.Reports.RetryLines, l => l.Contains("attempt timed out"));
    }

    [Fact]
    public async Task A_call_that_outlives_the_total_budget_ends_as_Timeout_naming_the_host()
    {
        await using var w = await RequestsWorld.StartAsync(http: h => h.TotalBudget = TimeSpan.FromSeconds(20));
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.Hang, count: 1);

        var call = w.Api.SendAsync(ServerTime(), CancellationToken.None);
        await UntilTheServerHoldsIt(w);
        w.Clock.Advance(TimeSpan.FromSeconds(21));
        var ex = await Assert.ThrowsAsync<CXoneException>(() => call);

        Assert.Equal(CXoneErrorKind.Timeout, ex.Kind);
        Assert.Equal(w.Emu.ApiBaseUri.Authority, ex.Host);
        Assert.Contains("timed out", ex.Message);
        Assert.Single(w.ApiWire.Requests);
    }

    [Fact]
    public async Task Cancelling_during_a_backoff_returns_within_100_ms()
    {
        await using var w = await RequestsWorld.StartAsync();
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.ServiceUnavailable, count: 1, retryAfter: RetryAfterMode.Seconds, retryAfterSeconds: 30);
        using var _ = CXoneReporting.Listen(w.Reports);
        using var cts = new CancellationTokenSource();

        var call = w.Api.SendAsync(ServerTime(), cts.Token);
        var guard = Stopwatch.StartNew();
        while (!w.Reports.RetryLines.Any() || w.ApiWire.InFlight > 0)
        {
            Assert.True(guard.Elapsed < TimeSpan.FromSeconds(30), "the retry never started waiting");
            await Task.Delay(5);
        }

        await Task.Delay(20); // the wait has begun on the (frozen) clock
        var sw = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        sw.Stop();

        Assert.True(sw.ElapsedMilliseconds < 100, "cancellation took " + sw.ElapsedMilliseconds + " ms");
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.ServerTime));
    }

    [Fact]
    public async Task Every_api_call_carries_accept_json_user_agent_and_the_bearer_token()
    {
        await using var w = await RequestsWorld.StartAsync();
        var request = ServerTime();
        request.Headers = new System.Collections.Generic.Dictionary<string, string> { ["Authorization"] = "Bearer not-from-the-session", ["X-Extra"] = "1" };

        await w.Api.SendAsync(request, CancellationToken.None);

        var sent = Assert.Single(w.ApiWire.Requests);
        Assert.Equal("application/json", sent.Accept);
        Assert.StartsWith("CXonePS/", sent.UserAgent);
        Assert.StartsWith("Bearer eyJ", sent.Authorization);
        Assert.DoesNotContain("not-from-the-session", sent.Authorization);
    }

    [Fact]
    public async Task Every_attempt_of_a_retried_get_carries_the_same_uri_headers_and_a_bearer_token()
    {
        await using var w = await RequestsWorld.StartAsync();
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.ServiceUnavailable, count: 2, retryAfter: RetryAfterMode.None);
        var request = ServerTime();
        request.Query = new System.Collections.Generic.Dictionary<string, string?> { ["probe"] = "1" };

        var r = await w.DriveAsync(w.Api.SendAsync(request, CancellationToken.None));

        Assert.Equal(200, r.StatusCode);
        var sent = w.ApiWire.Requests;
        Assert.Equal(3, sent.Count);
        Assert.All(sent, a =>
        {
            Assert.Equal(sent[0].Uri, a.Uri);
            Assert.Contains("probe=1", a.Uri.Query);
            Assert.Equal("application/json", a.Accept);
            Assert.StartsWith("CXonePS/", a.UserAgent);
            Assert.StartsWith("Bearer eyJ", a.Authorization);
        });
        Assert.Equal(3, w.Emu.GetStats().Requests(Routes.ServerTime));
    }

    [Fact]
    public async Task Each_api_call_reports_one_verbose_line_with_status_time_and_attempts_but_no_query()
    {
        await using var w = await RequestsWorld.StartAsync();
        using var _ = CXoneReporting.Listen(w.Reports);
        var request = ServerTime();
        request.Query = new System.Collections.Generic.Dictionary<string, string?> { ["probe"] = "Qu3ry-Value" };

        await w.Api.SendAsync(request, CancellationToken.None);
        w.Emu.Faults.Next(Routes.ServerTime, FaultKind.ServiceUnavailable, count: 1, retryAfter: RetryAfterMode.None);
        await w.DriveAsync(w.Api.SendAsync(ServerTime(), CancellationToken.None));

        var lines = w.Reports.Lines.Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^GET \S+ \d{3} in ")).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Matches(@"^GET /inContactAPI/services/v30\.0/server-time 200 in \d+ ms$", lines[0]);
        Assert.Matches(@"^GET /inContactAPI/services/v30\.0/server-time 200 in \d+ ms \(2 attempts\)$", lines[1]);
        Assert.DoesNotContain(w.Reports.Lines, l => l.Contains("Qu3ry-Value", StringComparison.Ordinal));
    }

    private static async Task<T> Drive<T>(ManualTimeProvider clock, WireLog wire, Task<T> task)
    {
        while (!task.IsCompleted)
        {
            if (wire.InFlight == 0 && clock.ActiveTimerCount > 0)
            {
                clock.Advance(TimeSpan.FromMilliseconds(50));
            }

            await Task.WhenAny(task, Task.Delay(1));
        }

        return await task;
    }
}
