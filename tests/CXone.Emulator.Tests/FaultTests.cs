using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using static CXone.Emulator.Tests.TestSupport;

namespace CXone.Emulator.Tests;

/// <summary>Issue point 7: every fault switch, over HTTP (POST /_emulator/faults) and in-process.</summary>
public sealed class FaultTests
{
    private static async Task PostFaultsAsync(HttpClient http, CXoneEmulator emu, string json)
    {
        using var r = await http.PostAsync(new Uri(emu.IssuerUri, "_emulator/faults"), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    private static Uri ServerTime(CXoneEmulator emu) => Api(emu, "inContactAPI/services/v30.0/server-time");

    [Fact]
    public async Task Next_n_503_with_retry_after_then_normal_answers()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        await PostFaultsAsync(http, emu, """{"route":"GET /inContactAPI/services/{version}/server-time","kind":"503","count":2,"retryAfter":"seconds","retryAfterSeconds":2}""");
        for (var i = 0; i < 2; i++)
        {
            using var r = await GetAsync(http, ServerTime(emu), token);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), r.Headers.RetryAfter!.Delta);
        }

        using var ok = await GetAsync(http, ServerTime(emu), token);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var st = emu.GetStats();
        Assert.Equal(2, st.Requests(ServerTimeRoute, 503));
        Assert.Equal(1, st.Requests(ServerTimeRoute, 200));
        Assert.Equal(2, st.FaultsInjected);
    }

    [Fact]
    public async Task Faults_on_one_route_leave_other_routes_alone()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        emu.Faults.Next(ContactsRoute, FaultKind.ServiceUnavailable);
        using (var r = await GetAsync(http, ServerTime(emu), token))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        using var c = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/contacts/completed?top=1"), token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, c.StatusCode);
        Assert.Null(c.Headers.RetryAfter);
    }

    [Fact]
    public async Task Injected_429_with_retry_after_date()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock);
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        await PostFaultsAsync(http, emu, $$"""{"route":"{{MediaContactsRoute}}","kind":"429","retryAfter":"date","retryAfterSeconds":30}""");
        using var r = await GetAsync(http, Api(emu, $"media-playback/v1/contacts?acd-call-id={emu.Data.RecordedContacts.First().ContactId}"), token);
        Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
        Assert.Equal(clock.GetUtcNow().AddSeconds(30), r.Headers.RetryAfter!.Date);
        var j = await JsonAsync(r);
        Assert.True(j.TryGetProperty("message", out _));
        Assert.Equal("/media-playback/v1/contacts", j.GetProperty("route").GetString());
        var st = emu.GetStats();
        Assert.Equal(1, st.Throttled);
        Assert.Equal(1, st.FaultsInjected);
    }

    [Fact]
    public async Task Injected_429_defaults_to_the_options_retry_after_mode()
    {
        await using var emu = await StartAsync(configure: o => o.RetryAfterMode = RetryAfterMode.None);
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        emu.Faults.Next(ServerTimeRoute, FaultKind.TooManyRequests);
        using var r = await GetAsync(http, ServerTime(emu), token);
        Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
        Assert.Null(r.Headers.RetryAfter);
    }

    [Fact]
    public async Task Html_502_page()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        await PostFaultsAsync(http, emu, $$"""{"route":"{{ServerTimeRoute}}","kind":"html502"}""");
        using var r = await GetAsync(http, ServerTime(emu), token);
        Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode);
        Assert.Equal("text/html", r.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<html>", await r.Content.ReadAsStringAsync());
        Assert.Equal(1, emu.GetStats().Requests(ServerTimeRoute, 502));
    }

    [Fact]
    public async Task Malformed_json_is_a_200_that_does_not_parse()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        await PostFaultsAsync(http, emu, $$"""{"route":"{{ContactsRoute}}","kind":"malformedJson"}""");
        using var r = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/contacts/completed"), token);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/json", r.Content.Headers.ContentType!.MediaType);
        var text = await r.Content.ReadAsStringAsync();
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task Drop_connection_on_the_api_ends_the_body_early()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        await PostFaultsAsync(http, emu, $$"""{"route":"{{ContactsRoute}}","kind":"dropConnection"}""");
        using var r = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/contacts/completed?top=100"), token, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var length = r.Content.Headers.ContentLength!.Value;
        await using var s = await r.Content.ReadAsStreamAsync();
        var got = 0L;
        var buf = new byte[8192];
        var ex = await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            int n;
            while ((n = await s.ReadAsync(buf)) > 0)
            {
                got += n;
            }
        });
        Assert.InRange(got, 1, length - 1);

        // next call is normal again
        using var ok = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/contacts/completed?top=100"), token);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, emu.GetStats().FaultsInjected);
    }

    [Fact]
    public async Task Drop_connection_on_storage_after_about_half_then_resume_with_range()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var contact = emu.Data.RecordedContacts.First(c => c.ContactId != emu.Data.LargeRecordingContactId);
        var j = await FirstRecordingAsync(http, emu, token, contact.ContactId);
        var url = new Uri(j.GetProperty("interactions")[0].GetProperty("data").GetProperty("fileToPlayUrl").GetString()!);
        emu.Faults.Next(StorageRoute, FaultKind.DropConnection);

        var received = new MemoryStream();
        using (var r = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(262144, r.Content.Headers.ContentLength);
            await using var s = await r.Content.ReadAsStreamAsync();
            await Assert.ThrowsAnyAsync<IOException>(() => s.CopyToAsync(received));
        }

        Assert.InRange(received.Length, 1, 262143);
        Assert.InRange(received.Length, 262144 / 4, 262144 * 3 / 4);

        using var resume = new HttpRequestMessage(HttpMethod.Get, url);
        resume.Headers.Range = new RangeHeaderValue(received.Length, null);
        using var rest = await http.SendAsync(resume);
        Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
        await rest.Content.CopyToAsync(received);
        Assert.Equal(emu.Data.ExpectedSha256(contact.ContactId), Convert.ToHexStringLower(SHA256.HashData(received.ToArray())));
        var st = emu.GetStats();
        Assert.Equal(2, st.StorageRequests);
        Assert.Equal(1, st.FaultsInjected);
    }

    [Fact]
    public async Task Injected_401_on_the_api_and_on_the_token_endpoint()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        await PostFaultsAsync(http, emu, $$"""{"route":"{{ServerTimeRoute}}","kind":"401"}""");
        using (var r = await GetAsync(http, ServerTime(emu), token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        using (var r = await GetAsync(http, ServerTime(emu), token))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        emu.Faults.Next(TokenRoute, FaultKind.Unauthorized);
        var o = emu.Options;
        var (s, e, _) = await TokenAsync(http, emu, new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = o.AccessKeyId, ["password"] = o.AccessKeySecret }, Basic(o.ClientId, o.ClientSecret));
        Assert.Equal(HttpStatusCode.Unauthorized, s);
        Assert.Equal("invalid_client", e.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Fault_without_route_hits_the_next_request_on_any_route_but_not_the_emulator_routes()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        await PostFaultsAsync(http, emu, """{"kind":"503","count":1}""");
        using (var stats = await http.GetAsync(new Uri(emu.IssuerUri, "_emulator/stats")))
        {
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        }

        using var r = await http.GetAsync(new Uri(emu.IssuerUri, ".well-known/openid-configuration"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Equal(0, emu.Faults.Pending);
    }

    [Fact]
    public async Task Random_faults_follow_the_seed()
    {
        async Task<List<string>> RunAsync(int seed)
        {
            await using var emu = await StartAsync();
            using var http = Client();
            var token = await AccessTokenAsync(http, emu);
            using (var c = new HttpClient())
            {
                using var r = await c.PostAsync(new Uri(emu.IssuerUri, "_emulator/faults"), new StringContent($$"""{"randomFaultRate":0.4,"randomSeed":{{seed}}}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }

            var outcomes = new List<string>();
            for (var i = 0; i < 30; i++)
            {
                try
                {
                    using var r = await GetAsync(http, ServerTime(emu), token);
                    await r.Content.ReadAsStringAsync();
                    outcomes.Add(((int)r.StatusCode).ToString());
                }
                catch (HttpRequestException)
                {
                    outcomes.Add("drop");
                }
            }

            // the token endpoint (issuer) is not subject to random faults
            await AccessTokenAsync(http, emu);
            var st = emu.GetStats();
            Assert.Equal(outcomes.Count(o => o != "200"), st.FaultsInjected);
            return outcomes;
        }

        var first = await RunAsync(7);
        var second = await RunAsync(7);
        Assert.Equal(first, second);
        // the seed is honoured: another seed gives another sequence
        Assert.NotEqual(first, await RunAsync(8));
        Assert.Contains("200", first);
        Assert.Contains(first, o => o != "200");
        Assert.True(first.Distinct().Count() >= 3, string.Join(",", first));
    }

    [Fact]
    public async Task Random_faults_also_hit_media_playback_and_storage()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var contact = emu.Data.RecordedContacts.First(c => c.ContactId != emu.Data.LargeRecordingContactId);
        var file = emu.StorageUrl(contact.Interactions[0].FileId);
        var media = Api(emu, $"media-playback/v1/contacts?acd-call-id={contact.ContactId}");
        emu.Faults.SetRandomFaultRate(1.0, 3);
        var outcomes = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            foreach (var (url, bearer) in new[] { (file, (string?)null), (media, token) })
            {
                try
                {
                    using var r = await GetAsync(http, url, bearer);
                    await r.Content.ReadAsByteArrayAsync();
                    outcomes.Add(((int)r.StatusCode).ToString());
                }
                catch (HttpRequestException)
                {
                    outcomes.Add("drop");
                }
            }
        }

        Assert.DoesNotContain("200", outcomes);
        var st = emu.GetStats();
        Assert.Equal(12, st.FaultsInjected);
        Assert.Equal(6, st.StorageRequests);
        Assert.Equal(outcomes.Count(o => o == "429"), st.Throttled);
    }

    [Fact]
    public async Task Latency_is_added_in_real_time_and_honours_request_abort()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        await PostFaultsAsync(http, emu, $$"""{"route":"{{ServerTimeRoute}}","latencyMs":300}""");
        var sw = Stopwatch.StartNew();
        using (var r = await GetAsync(http, ServerTime(emu), token))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Assert.True(sw.ElapsedMilliseconds >= 250, $"answered after {sw.ElapsedMilliseconds} ms");

        // a long latency is abandoned when the client gives up: the server sees the abort (499) and answers nothing
        emu.Faults.SetLatency(TimeSpan.FromMinutes(10), ServerTimeRoute);
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, ServerTime(emu));
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            req.Headers.Accept.ParseAdd("application/json");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.SendAsync(req, cts.Token));
        }

        // wait (bounded) for the server side to notice the abort; it must not sit out the 10 minutes
        var waited = Stopwatch.StartNew();
        while (emu.GetStats().Requests(ServerTimeRoute, 499) == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, emu.GetStats().Requests(ServerTimeRoute, 499));

        // other routes are not delayed by a per-route latency
        using (var d = await http.GetAsync(new Uri(emu.IssuerUri, ".well-known/openid-configuration")).WaitAsync(TimeSpan.FromSeconds(20)))
        {
            Assert.Equal(HttpStatusCode.OK, d.StatusCode);
        }

        emu.Faults.SetLatency(TimeSpan.Zero, ServerTimeRoute);
        using var fast = await GetAsync(http, ServerTime(emu), token);
        Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
    }

    [Fact]
    public async Task Latency_for_all_routes_applies_everywhere_but_the_emulator_routes()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        await PostFaultsAsync(http, emu, """{"latencyMs":300}""");
        var sw = Stopwatch.StartNew();
        using (var r = await http.GetAsync(new Uri(emu.IssuerUri, ".well-known/openid-configuration")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Assert.True(sw.ElapsedMilliseconds >= 250, $"answered after {sw.ElapsedMilliseconds} ms");
        await PostFaultsAsync(http, emu, """{"latencyMs":0}""");
        (await http.GetAsync(new Uri(emu.IssuerUri, ".well-known/openid-configuration"))).Dispose();
        Assert.Equal(2, emu.GetStats().Requests("GET /.well-known/openid-configuration", 200));
    }

    [Fact]
    public async Task Token_endpoint_down_for_a_duration_on_the_emulators_clock()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock);
        using var http = Client();
        await PostFaultsAsync(http, emu, """{"tokenEndpointDownSeconds":30}""");
        var o = emu.Options;
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = o.AccessKeyId, ["password"] = o.AccessKeySecret };
        var (s1, e1, _) = await TokenAsync(http, emu, form, Basic(o.ClientId, o.ClientSecret));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, s1);
        Assert.Equal("temporarily_unavailable", e1.GetProperty("error").GetString());
        clock.Advance(TimeSpan.FromSeconds(29));
        var (s2, _, _) = await TokenAsync(http, emu, form, Basic(o.ClientId, o.ClientSecret));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, s2);
        clock.Advance(TimeSpan.FromSeconds(1));
        var (s3, _, _) = await TokenAsync(http, emu, form, Basic(o.ClientId, o.ClientSecret));
        Assert.Equal(HttpStatusCode.OK, s3);
        var st = emu.GetStats();
        Assert.Equal(2, st.Requests(TokenRoute, 503));
        Assert.Equal(2, st.FaultsInjected);
        Assert.Equal(1, st.Grants("password"));
    }

    [Fact]
    public async Task Revoke_all_tokens_rejects_access_and_refresh_tokens_issued_so_far_and_reset_clears_it()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var old = await AccessKeyTokenAsync(http, emu);
        var oldAccess = old.GetProperty("access_token").GetString();
        await PostFaultsAsync(http, emu, """{"revokeAllTokens":true}""");

        using (var r = await GetAsync(http, ServerTime(emu), oldAccess))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        var (s, e, _) = await TokenAsync(http, emu, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = old.GetProperty("refresh_token").GetString()!, ["client_id"] = emu.Options.ClientId });
        Assert.Equal(HttpStatusCode.BadRequest, s);
        Assert.Equal("invalid_grant", e.GetProperty("error").GetString());

        var fresh = await AccessTokenAsync(http, emu);
        using (var r = await GetAsync(http, ServerTime(emu), fresh))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        using (var reset = await http.PostAsync(new Uri(emu.IssuerUri, "_emulator/reset"), null))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        using var again = await GetAsync(http, ServerTime(emu), oldAccess);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Reset_clears_faults_latency_outage_rate_windows_and_counters()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock, o => o.MediaPlaybackLimit = 1);
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var media = Api(emu, $"media-playback/v1/contacts?acd-call-id={emu.Data.RecordedContacts.First().ContactId}");
        (await GetAsync(http, media, token)).Dispose();
        using (var limited = await GetAsync(http, media, token))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        emu.Faults.Next(ServerTimeRoute, FaultKind.ServiceUnavailable, 5);
        emu.Faults.SetRandomFaultRate(1.0, 1);
        emu.Faults.SetLatency(TimeSpan.FromMinutes(5));
        emu.Faults.TokenEndpointDownFor(TimeSpan.FromHours(1));
        Assert.True(emu.GetStats().TotalRequests > 0);

        using (var reset = await http.PostAsync(new Uri(emu.IssuerUri, "_emulator/reset"), null))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        Assert.Equal(0, emu.Faults.Pending);
        using (var r = await GetAsync(http, ServerTime(emu), token))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        using (var r = await GetAsync(http, media, token))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        await AccessTokenAsync(http, emu);
        var st = emu.GetStats();
        Assert.Equal(3, st.TotalRequests);
        Assert.Equal(0, st.Throttled);
        Assert.Equal(0, st.FaultsInjected);
        Assert.Equal(1, st.Grants("password"));
    }

    [Fact]
    public async Task Faults_can_be_switched_on_by_options_at_start()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock, o =>
        {
            o.InitialFaults.Add(new FaultRequest { Route = ServerTimeRoute, Kind = "html502", Count = 2 });
            o.InitialFaults.Add(new FaultRequest { TokenEndpointDownSeconds = 10 });
        });
        Assert.Equal(2, emu.Faults.Pending);
        using var http = Client();
        var o = emu.Options;
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = o.AccessKeyId, ["password"] = o.AccessKeySecret };
        var (down, _, _) = await TokenAsync(http, emu, form, Basic(o.ClientId, o.ClientSecret));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        clock.Advance(TimeSpan.FromSeconds(10));
        var token = await AccessTokenAsync(http, emu);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var r = await GetAsync(http, ServerTime(emu), token);
            statuses.Add(r.StatusCode);
        }

        Assert.Equal(new[] { HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK }, statuses);
        var st = emu.GetStats();
        Assert.Equal(3, st.FaultsInjected);
        Assert.Equal(2, st.Requests(ServerTimeRoute, 502));
        Assert.Equal(1, st.Requests(TokenRoute, 503));
    }

    [Fact]
    public async Task Bad_initial_faults_refuse_to_start()
    {
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => StartAsync(configure: o => o.InitialFaults.Add(new FaultRequest { Kind = "teapot" })));
        Assert.Contains("teapot", e.Message);
    }

    [Theory]
    [InlineData("""{"kind":"teapot"}""")]
    [InlineData("""{"kind":"429","retryAfter":"sometimes"}""")]
    [InlineData("not json")]
    public async Task Bad_fault_requests_are_400(string body)
    {
        await using var emu = await StartAsync();
        using var http = Client();
        using var r = await http.PostAsync(new Uri(emu.IssuerUri, "_emulator/faults"), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(0, emu.Faults.Pending);
    }
}
