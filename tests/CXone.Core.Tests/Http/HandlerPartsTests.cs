using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;

namespace CXone.Core.Tests.Http;

/// <summary>The defaults and per-attempt buffering handlers, each alone over real loopback HTTP.</summary>
public sealed class HandlerPartsTests
{
    private static HttpClient Over(HttpMessageHandler part) => new(part, disposeHandler: true);

    [Fact]
    public async Task Defaults_add_accept_and_user_agent_when_the_caller_set_none()
    {
        using var server = new ScriptedHttpServer((ctx, _) => ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", "{}"));
        using var http = Over(new RequestDefaultsHandler("application/json", "CXonePS/9.9.9") { InnerHandler = new SocketsHttpHandler() });

        using var _ = await http.GetAsync(new Uri(server.BaseUri, "a"));

        var seen = server.Received.Single();
        Assert.Equal("application/json", seen.Headers["Accept"]);
        Assert.Equal("CXonePS/9.9.9", seen.Headers["User-Agent"]);
    }

    [Theory]
    [InlineData("CXonePS/1.0\r\nX-Injected: 1")]
    [InlineData("CXonePS/1.0\nX-Injected: 1")]
    [InlineData("CXonePS\u0000")]
    public void A_user_agent_with_a_line_break_or_control_character_is_refused_before_anything_is_sent(string userAgent)
    {
        var e = Assert.Throws<ArgumentException>(() => new RequestDefaultsHandler("application/json", userAgent));
        Assert.Equal("userAgent", e.ParamName);
    }

    [Fact]
    public async Task Defaults_leave_the_callers_headers_alone_and_send_no_empty_user_agent()
    {
        using var server = new ScriptedHttpServer((ctx, _) => ScriptedHttpServer.WriteAsync(ctx, 200, "text/csv", "a,b"));
        using var http = Over(new RequestDefaultsHandler("application/json", null) { InnerHandler = new SocketsHttpHandler() });
        using var withOwn = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "own"));
        withOwn.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        withOwn.Headers.UserAgent.ParseAdd("Mine/1.0");
        using var plain = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "plain"));

        using (await http.SendAsync(withOwn))
        using (await http.SendAsync(plain))
        {
        }

        var own = server.Received.Single(r => r.Url.AbsolutePath == "/own");
        Assert.Equal("text/csv", own.Headers["Accept"]);
        Assert.Equal("Mine/1.0", own.Headers["User-Agent"]);
        Assert.False(server.Received.Single(r => r.Url.AbsolutePath == "/plain").Headers.ContainsKey("User-Agent"));
    }

    [Fact]
    public async Task Buffering_reads_the_whole_body_before_the_answer_is_handed_up()
    {
        using var server = new ScriptedHttpServer((ctx, _) => ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", "{\"ServerTime\":\"x\"}"));
        using var http = Over(new ResponseBufferingHandler { InnerHandler = new SocketsHttpHandler() });

        using var response = await http.GetAsync(new Uri(server.BaseUri, "t"), HttpCompletionOption.ResponseHeadersRead);

        // A buffered body has a known length and can be read twice.
        Assert.Equal(18, response.Content.Headers.ContentLength);
        Assert.Equal("{\"ServerTime\":\"x\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("{\"ServerTime\":\"x\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_cut_short_fails_the_attempt_itself_unless_the_call_streams()
    {
        using var server = new ScriptedHttpServer(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength64 = 10_000;
            await ctx.Response.OutputStream.WriteAsync(new byte[100]);
            await ctx.Response.OutputStream.FlushAsync();
            ctx.Response.Abort();
        });
        using var http = Over(new ResponseBufferingHandler { InnerHandler = new SocketsHttpHandler() });

        // Buffered: the send itself fails, inside the retry loop where it can be retried.
        var buffered = await Assert.ThrowsAnyAsync<Exception>(() => http.GetAsync(new Uri(server.BaseUri, "b"), HttpCompletionOption.ResponseHeadersRead));
        Assert.True(buffered is HttpRequestException || buffered is IOException, buffered.GetType().Name);

        // Streaming: the answer is handed over unread; the cut shows only when the caller reads.
        using var download = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "s"));
        HttpCallProperties.MarkStreaming(download);
        using var response = await http.SendAsync(download, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(async () => await (await response.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null));
        Assert.Equal(2, server.Received.Count);
    }

    [Fact]
    public async Task Cancelling_a_buffered_read_disposes_the_answer_and_says_cancelled()
    {
        using var server = new ScriptedHttpServer(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentLength64 = 10_000;
            await ctx.Response.OutputStream.WriteAsync(new byte[100]);
            await ctx.Response.OutputStream.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30)); // the rest never comes; the test cancels
            ctx.Response.Abort();
        });
        using var http = Over(new ResponseBufferingHandler { InnerHandler = new SocketsHttpHandler() });
        using var cts = new CancellationTokenSource();

        var call = http.GetAsync(new Uri(server.BaseUri, "c"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        while (server.Received.Count == 0)
        {
            await Task.Delay(5);
        }

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public void The_call_bag_carries_typed_flags_and_attempts()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/");

        Assert.Null(HttpCallProperties.Find(request));
        Assert.False(HttpCallProperties.IsStreaming(request));
        Assert.Equal(1, HttpCallProperties.AttemptsOf(request));
        HttpCallProperties.MarkStreaming(request);
        HttpCallProperties.Of(request).Set(HttpCallProperties.Attempts, 3);
        Assert.True(HttpCallProperties.IsStreaming(request));
        Assert.Equal(3, HttpCallProperties.AttemptsOf(request));
        Assert.Same(HttpCallProperties.Of(request), HttpCallProperties.Find(request));
    }
}
