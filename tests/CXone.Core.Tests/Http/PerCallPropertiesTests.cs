using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Http;

/// <summary>What the handlers of one call share through its typed property bag, seen on a real loopback server.</summary>
public sealed class PerCallPropertiesTests
{
    /// <summary>Hands out "token-1", then "token-2" once the first is invalidated.</summary>
    private sealed class RenewingTokens : ITokenProvider
    {
        private int _generation = 1;

        public Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AccessToken("token-" + _generation, "Bearer", DateTimeOffset.MaxValue, DateTimeOffset.MaxValue));

        public void Invalidate(AccessToken rejected) => _generation++;
    }

    [Fact]
    public async Task A_post_answered_401_is_resent_once_with_the_same_body_and_a_fresh_token()
    {
        using var server = new ScriptedHttpServer((ctx, r) => r.Headers["Authorization"] == "Bearer token-1"
            ? ScriptedHttpServer.WriteAsync(ctx, 401, "application/json", "{}")
            : ScriptedHttpServer.WriteAsync(ctx, 201, "application/json", "{}"));
        using var http = CXoneHttpPipeline.CreateClient(
            CXoneHttpPipeline.CreateApiHandler(new RenewingTokens(), new CXoneHttpOptions(), TimeProvider.System, new SocketsHttpHandler(), server.BaseUri), server.BaseUri);

        using var response = await http.PostAsync("skills", new StringContent("{\"skillName\":\"x\"}"));

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal(new[] { "Bearer token-1", "Bearer token-2" }, server.Received.Select(r => r.Headers["Authorization"]));
        Assert.All(server.Received, r => Assert.Equal("{\"skillName\":\"x\"}", r.Body));
        Assert.Equal(1, HttpCallProperties.AttemptsOf(response.RequestMessage));
    }

    [Fact]
    public async Task A_retried_call_tells_its_attempts_through_the_answers_request()
    {
        var served = 0;
        using var server = new ScriptedHttpServer((ctx, _) => Interlocked.Increment(ref served) <= 2
            ? ScriptedHttpServer.WriteAsync(ctx, 503, "application/json", "{}")
            : ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", "{}"));
        var clock = new ManualTimeProvider();
        using var http = CXoneHttpPipeline.CreateClient(
            CXoneHttpPipeline.CreateApiHandler(new FixedTokens(), new CXoneHttpOptions { BaseDelay = TimeSpan.FromMilliseconds(100) }, clock, new SocketsHttpHandler(), server.BaseUri),
            server.BaseUri);

        var call = http.GetAsync("server-time");
        while (!call.IsCompleted)
        {
            // Polly's backoff waits on the injected clock: move it along whenever a wait is pending.
            if (clock.ActiveTimerCount > 0 && server.Received.Count == Volatile.Read(ref served))
            {
                clock.Advance(TimeSpan.FromMilliseconds(100));
            }

            await Task.WhenAny(call, Task.Delay(1));
        }

        using var response = await call;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(3, server.Received.Count);
        Assert.Equal(3, HttpCallProperties.AttemptsOf(response.RequestMessage));
    }
}
