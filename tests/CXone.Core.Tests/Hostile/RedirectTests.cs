using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Hostile;

/// <summary>
/// Redirects over real HTTP with the session's own transport: discovery and the token endpoint follow none (no
/// secret reaches a second server), API calls follow only within their origin, media files only to https or loopback
/// and never with an Authorization header. Each test asserts what each server saw.
/// </summary>
public sealed class RedirectTests
{
    private static Task Redirect(HttpListenerContext ctx, int status, string location)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.RedirectLocation = location;
        ctx.Response.ContentLength64 = 0;
        ctx.Response.Close();
        return Task.CompletedTask;
    }

    private static Task Json(HttpListenerContext ctx, string body) => ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", body);

    private static string Origin(Uri uri) => "http://127.0.0.1:" + uri.Port;

    private static string Document(Uri issuer) =>
        "{\"issuer\":\"" + issuer.ToString().TrimEnd('/') + "\",\"token_endpoint\":\"" + issuer + "auth/token\",\"authorization_endpoint\":\"" + issuer + "auth/authorize\"," +
        "\"token_endpoint_auth_methods_supported\":[\"client_secret_post\"]}";

    private static ScriptedHttpServer Elsewhere() =>
        new((ctx, _) => Json(ctx, "{\"access_token\":\"stolen\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"issuer\":\"x\"}"));

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_discovery_document_that_redirects_to_another_host_is_refused_before_any_credential_is_sent(int status)
    {
        await using var h = await AuthHarness.StartAsync();
        using var elsewhere = Elsewhere();
        using var issuer = new ScriptedHttpServer((ctx, _) => Redirect(ctx, status, elsewhere.BaseUri + ".well-known/openid-configuration"));
        using var listen = h.Listen();
        var options = h.Options();
        options.Issuer = issuer.BaseUri;
        options.Http = new CXoneHttpOptions();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXone.Core.CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains(Origin(elsewhere.BaseUri), ex.Message);
        Assert.Contains("never follow redirects", ex.Message);
        Assert.Empty(elsewhere.Received);
        Assert.Single(issuer.Received); // not retried
        h.AssertNoSecrets(ex);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_token_endpoint_that_redirects_to_another_host_gets_no_second_post_there(int status)
    {
        await using var h = await AuthHarness.StartAsync();
        using var elsewhere = Elsewhere();
        ScriptedHttpServer? issuer = null;
        issuer = new ScriptedHttpServer((ctx, r) => r.Method == "GET"
            ? Json(ctx, Document(issuer!.BaseUri))
            : Redirect(ctx, status, elsewhere.BaseUri + "auth/token"));
        using var _ = issuer;
        using var listen = h.Listen();
        var options = h.Options();
        options.Issuer = issuer.BaseUri;
        options.ClientAuthentication = ClientAuthenticationMethod.Post;
        options.Http = new CXoneHttpOptions();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXone.Core.CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains(Origin(elsewhere.BaseUri), ex.Message);
        Assert.Empty(elsewhere.Received);
        var posts = issuer.Received.Where(r => r.Method == "POST").ToList();
        Assert.Single(posts); // the one grant to the real token endpoint, not repeated
        Assert.Contains("client_secret=", posts[0].Body);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task An_api_call_follows_a_redirect_within_its_origin_with_the_token()
    {
        await using var h = await AuthHarness.StartAsync();
        using var api = new ScriptedHttpServer((ctx, r) => r.Url.AbsolutePath == "/old" ? Redirect(ctx, 301, "/new") : Json(ctx, "{\"ok\":true}"));
        var options = h.Options();
        options.ApiEndpoint = api.BaseUri;
        using var session = await CXone.Core.CXoneSession.ConnectAsync(options);

        var response = await session.Api.SendAsync(new CXoneRequest(HttpMethod.Get, "old"), System.Threading.CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(new[] { "/old", "/new" }, api.Received.Select(r => r.Url.AbsolutePath));
        Assert.All(api.Received, r => Assert.StartsWith("Bearer ", r.Headers["Authorization"]));
    }

    [Fact]
    public async Task An_api_call_redirected_to_another_port_is_refused_and_the_other_server_sees_nothing()
    {
        await using var h = await AuthHarness.StartAsync();
        using var elsewhere = Elsewhere();
        using var api = new ScriptedHttpServer((ctx, _) => Redirect(ctx, 302, elsewhere.BaseUri + "inContactAPI/services/v30.0/agents"));
        using var listen = h.Listen();
        var options = h.Options();
        options.ApiEndpoint = api.BaseUri;
        options.Http = new CXoneHttpOptions();
        using var session = await CXone.Core.CXoneSession.ConnectAsync(options);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => session.Api.SendAsync(new CXoneRequest(HttpMethod.Get, "inContactAPI/services/v30.0/agents"), System.Threading.CancellationToken.None));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains(Origin(elsewhere.BaseUri), ex.Message);
        Assert.Contains("within " + Origin(api.BaseUri) + " only", ex.Message);
        Assert.Empty(elsewhere.Received);
        Assert.Single(api.Received);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task An_answer_that_a_transport_fetched_from_another_origin_by_itself_is_refused()
    {
        await using var h = await AuthHarness.StartAsync();
        using var elsewhere = new ScriptedHttpServer((ctx, _) => Json(ctx, "{\"forged\":true}"));
        using var api = new ScriptedHttpServer((ctx, _) => Redirect(ctx, 302, elsewhere.BaseUri + "forged"));
        using var following = new SocketsHttpHandler(); // follows redirects itself, unlike the session's own transport
        var options = h.Options();
        options.ApiEndpoint = api.BaseUri;
        options.Transport = following;
        using var session = await CXone.Core.CXoneSession.ConnectAsync(options);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => session.Api.SendAsync(new CXoneRequest(HttpMethod.Get, "first"), System.Threading.CancellationToken.None));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("was answered from " + Origin(elsewhere.BaseUri), ex.Message);
        Assert.Contains("AllowAutoRedirect", ex.RecommendedAction);
        Assert.All(elsewhere.Received, r => Assert.False(r.Headers.ContainsKey("Authorization"))); // .NET drops it on a redirect itself
    }

    [Fact]
    public async Task Localhost_is_another_origin_than_127_0_0_1_on_the_same_port()
    {
        await using var h = await AuthHarness.StartAsync();
        ScriptedHttpServer? api = null;
        api = new ScriptedHttpServer((ctx, _) => Redirect(ctx, 307, "http://localhost:" + api!.BaseUri.Port + "/other"));
        using var _ = api;
        var options = h.Options();
        options.ApiEndpoint = api.BaseUri;
        using var session = await CXone.Core.CXoneSession.ConnectAsync(options);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => session.Api.SendAsync(new CXoneRequest(HttpMethod.Get, "first"), System.Threading.CancellationToken.None));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("http://localhost:" + api.BaseUri.Port, ex.Message);
        Assert.Single(api.Received);
    }

    [Fact]
    public async Task A_post_follows_a_307_within_its_origin_with_its_method_and_body_but_not_a_302()
    {
        await using var h = await AuthHarness.StartAsync();
        using var api = new ScriptedHttpServer((ctx, r) => r.Url.AbsolutePath switch
        {
            "/keep" => Redirect(ctx, 307, "/kept"),
            "/change" => Redirect(ctx, 302, "/changed"),
            _ => Json(ctx, "{\"ok\":true}"),
        });
        var options = h.Options();
        options.ApiEndpoint = api.BaseUri;
        using var session = await CXone.Core.CXoneSession.ConnectAsync(options);

        var kept = await session.Api.SendAsync(new CXoneRequest(HttpMethod.Post, "keep") { RawBody = "{\"n\":1}", ContentType = "application/json" }, System.Threading.CancellationToken.None);
        var ex = await Assert.ThrowsAsync<CXoneException>(() =>
            session.Api.SendAsync(new CXoneRequest(HttpMethod.Post, "change") { RawBody = "{\"n\":2}", ContentType = "application/json" }, System.Threading.CancellationToken.None));

        Assert.Equal(200, kept.StatusCode);
        Assert.Equal(new[] { "POST /keep {\"n\":1}", "POST /kept {\"n\":1}", "POST /change {\"n\":2}" }, api.Received.Select(r => r.Method + " " + r.Url.AbsolutePath + " " + r.Body));
        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("307 or 308", ex.Message);
    }

    [Fact]
    public async Task A_redirect_loop_stops_after_five_redirects()
    {
        await using var h = await AuthHarness.StartAsync();
        using var api = new ScriptedHttpServer((ctx, r) => Redirect(ctx, 302, "/loop" + (r.Url.AbsolutePath.Length)));
        var options = h.Options();
        options.ApiEndpoint = api.BaseUri;
        using var session = await CXone.Core.CXoneSession.ConnectAsync(options);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => session.Api.SendAsync(new CXoneRequest(HttpMethod.Get, "start"), System.Threading.CancellationToken.None));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("after " + RedirectHandler.MaxRedirects + " redirects", ex.Message);
        Assert.Equal(RedirectHandler.MaxRedirects + 1, api.Received.Count);
    }

    [Fact]
    public async Task A_media_file_follows_a_redirect_to_another_loopback_host_without_any_authorization()
    {
        await using var h = await AuthHarness.StartAsync();
        using var media = new ScriptedHttpServer((ctx, _) => ScriptedHttpServer.WriteAsync(ctx, 200, "audio/wav", "RIFF"));
        using var storage = new ScriptedHttpServer((ctx, _) => Redirect(ctx, 302, media.BaseUri + "file.wav?sig=abc"));
        using var session = await h.ConnectAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(storage.BaseUri, "file.wav?sig=xyz"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "must-not-leave");

        using var response = await session.StorageHttp.SendAsync(request);

        Assert.Equal("RIFF", await response.Content.ReadAsStringAsync());
        Assert.Single(storage.Received);
        Assert.Single(media.Received);
        Assert.False(storage.Received[0].Headers.ContainsKey("Authorization"));
        Assert.False(media.Received[0].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_media_file_over_plain_http_to_another_host_is_refused_before_anything_is_sent()
    {
        await using var h = await AuthHarness.StartAsync();
        using var storage = new ScriptedHttpServer((ctx, _) => Redirect(ctx, 302, "http://media.example.invalid/file.wav?sig=abc"));
        using var session = await h.ConnectAsync();

        var direct = await Assert.ThrowsAsync<CXoneException>(() => session.StorageHttp.GetAsync("http://media.example.invalid/file.wav?sig=abc"));
        var redirected = await Assert.ThrowsAsync<CXoneException>(() => session.StorageHttp.GetAsync(new Uri(storage.BaseUri, "file.wav")));

        Assert.Equal(CXoneErrorKind.InvalidResponse, direct.Kind);
        Assert.Contains("http://media.example.invalid:80", direct.Message);
        Assert.DoesNotContain("sig=", direct.Message);
        Assert.Equal(CXoneErrorKind.InvalidResponse, redirected.Kind);
        Assert.Contains("https only", redirected.Message);
        Assert.DoesNotContain("sig=", redirected.Message);
        Assert.Single(storage.Received);
    }
}
