using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;

namespace CXone.Core.Tests.Http;

/// <summary>The bearer handler sends the token to the session's API endpoint only, and over https only (loopback excepted).</summary>
public sealed class BearerOriginTests
{
    private static HttpClient ApiClient(Uri apiEndpoint, HttpMessageHandler transport) =>
        CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateApiHandler(new FixedTokens(), new CXoneHttpOptions(), TimeProvider.System, transport, apiEndpoint), apiEndpoint);

    [Fact]
    public async Task The_api_endpoint_gets_the_token_another_origin_gets_nothing()
    {
        using var api = new ScriptedHttpServer((ctx, _) => ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", "{}"));
        using var elsewhere = new ScriptedHttpServer((ctx, _) => ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", "{}"));
        using var http = ApiClient(api.BaseUri, new SocketsHttpHandler());

        using (var ok = await http.GetAsync("inContactAPI/services/v30.0/server-time"))
        {
            Assert.Equal(200, (int)ok.StatusCode);
        }

        var ex = await Assert.ThrowsAsync<CXoneException>(() => http.GetAsync(new Uri(elsewhere.BaseUri, "steal?code=secret-query")));

        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("http://127.0.0.1:" + elsewhere.BaseUri.Port, ex.Message);
        Assert.DoesNotContain("secret-query", ex.ToString());
        Assert.DoesNotContain(FixedTokens.Value, ex.ToString());
        Assert.Empty(elsewhere.Received);
        Assert.Equal("Bearer " + FixedTokens.Value, api.Received.Single().Headers["Authorization"]);
    }

    [Fact]
    public async Task Plain_http_to_a_host_that_is_not_loopback_is_refused_before_anything_is_sent()
    {
        // Every connection goes to the loopback server, whatever the host: had the handler sent the request, the
        // server would have seen it.
        using var server = new ScriptedHttpServer((ctx, _) => ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", "{}"));
        var connects = 0;
        var transport = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                Interlocked.Increment(ref connects);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, server.BaseUri.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var endpoint = new Uri("http://api-c99.example.test:" + server.BaseUri.Port + "/");
        using var http = ApiClient(endpoint, transport);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => http.GetAsync("inContactAPI/services/v30.0/server-time?x=1"));

        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("http://api-c99.example.test:" + server.BaseUri.Port, ex.Message);
        Assert.Contains("https", ex.RecommendedAction);
        Assert.DoesNotContain("x=1", ex.ToString());
        Assert.Equal(0, connects);
        Assert.Empty(server.Received);
    }

    [Theory]
    [InlineData("http://127.0.0.1/", true)]
    [InlineData("http://127.45.6.7:8080/", true)]
    [InlineData("http://[::1]:5000/", true)]
    [InlineData("http://localhost:5000/", true)]
    [InlineData("http://LOCALHOST/", true)]
    [InlineData("http://10.0.0.1/", false)]
    [InlineData("http://128.0.0.1/", false)]
    [InlineData("http://localhost.example.com/", false)]
    [InlineData("http://api-c99.niceincontact.com/", false)]
    public void Loopback_hosts(string url, bool loopback)
    {
        Assert.Equal(loopback, TokenOriginGuard.IsLoopback(new Uri(url)));
    }

    [Theory]
    [InlineData("https://api-c99.example.test/inContactAPI/x", null)]
    [InlineData("https://api-c99.example.test:443/y", null)]
    [InlineData("http://api-c99.example.test/x", "http://api-c99.example.test:80")]
    [InlineData("https://api-c99.example.test:8443/x", "https://api-c99.example.test:8443")]
    [InlineData("https://evil.example.test/x?token=1", "https://evil.example.test:443")]
    [InlineData("ftp://api-c99.example.test/x", "ftp://api-c99.example.test:21")]
    public void Only_the_api_endpoints_origin_over_https(string url, string? refusedOrigin)
    {
        var endpoint = new Uri("https://api-c99.example.test/");
        var ex = Record.Exception(() => TokenOriginGuard.Check(new Uri(url), endpoint));

        if (refusedOrigin is null)
        {
            Assert.Null(ex);
        }
        else
        {
            var refused = Assert.IsType<CXoneException>(ex);
            Assert.Equal(CXoneErrorKind.InvalidArgument, refused.Kind);
            Assert.Equal("Refused to send the access token to " + refusedOrigin + ".", refused.Message);
        }
    }
}
