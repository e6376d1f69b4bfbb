using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Api;

/// <summary>Requests through <see cref="CXoneApiClient"/>: where they may go, what they carry, how answers come back.</summary>
public sealed class RequestTests
{
    public static TheoryData<string> OtherHosts => new()
    {
        "http://evil.example/inContactAPI/services/v30.0/server-time",
        "//evil.example/inContactAPI/services/v30.0/server-time",
        "http://localhost:{apiPort}/inContactAPI/services/v30.0/server-time",
        "https://127.0.0.1:{apiPort}/inContactAPI/services/v30.0/server-time",
        "http://127.0.0.1:{storagePort}/inContactAPI/services/v30.0/server-time",
        "http://127.0.0.1:{apiPort}@evil.example/inContactAPI/services/v30.0/server-time",
    };

    [Theory]
    [MemberData(nameof(OtherHosts))]
    public async Task An_absolute_url_on_another_host_is_refused_before_anything_is_sent(string template)
    {
        await using var w = await RequestsWorld.StartAsync();
        var url = template.Replace("{apiPort}", w.Emu.ApiBaseUri.Port.ToString()).Replace("{storagePort}", w.Emu.StorageBaseUri.Port.ToString());

        foreach (var request in new[] { new CXoneRequest(HttpMethod.Get, url), new CXoneRequest { Uri = new Uri(url.StartsWith("//") ? "http:" + url : url) } })
        {
            var ex = await Assert.ThrowsAsync<CXoneException>(() => w.Api.SendAsync(request, CancellationToken.None));
            Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("Refused to send the CXone token", ex.Message);
            var toFile = Path.Combine(Path.GetTempPath(), "cxone-refused-" + Guid.NewGuid().ToString("N"));
            var fileEx = await Assert.ThrowsAsync<CXoneException>(() => w.Api.SendToFileAsync(request, toFile, CancellationToken.None));
            Assert.Equal(CXoneErrorKind.InvalidArgument, fileEx.Kind);
            Assert.False(File.Exists(toFile) || File.Exists(toFile + ".partial"));
        }

        Assert.Empty(w.ApiWire.Requests);
        Assert.Equal(0, w.Emu.GetStats().TotalRequests); // not even a token was asked for
    }

    [Fact]
    public async Task An_absolute_url_on_the_api_host_is_sent_with_the_token()
    {
        await using var w = await RequestsWorld.StartAsync();

        var r = await w.Api.SendAsync(new CXoneRequest(HttpMethod.Get, new Uri(w.Emu.ApiBaseUri, Routes.ServerTimePath).AbsoluteUri), CancellationToken.None);

        Assert.Equal(200, r.StatusCode);
        Assert.StartsWith("Bearer ", Assert.Single(w.ApiWire.Requests).Authorization);
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.ServerTime, 200));
    }

    [Fact]
    public async Task Method_query_json_or_raw_body_and_extra_headers_reach_the_server_as_given()
    {
        using var server = new ScriptedHttpServer((ctx, _) => ScriptedHttpServer.WriteAsync(ctx, 200, "application/json; charset=utf-8", "{\"ok\":true,\"Items\":[1,2]}", new Dictionary<string, string> { ["X-Answer"] = "yes" }));
        using var http = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateApiHandler(new FixedTokens(), new CXoneHttpOptions(), TimeProvider.System, new SocketsHttpHandler()));
        var api = new CXoneApiClient(http, new Uri(server.BaseUri, "base/"), new CXoneHttpOptions());

        var json = await api.SendAsync(
            new CXoneRequest(HttpMethod.Post, "things")
            {
                Query = new Dictionary<string, string?> { ["q"] = "a b&c=d", ["skip"] = null, ["top"] = "5" },
                Body = new { name = "Ada", count = 2 },
                Headers = new Dictionary<string, string> { ["X-Extra"] = "1" },
            },
            CancellationToken.None);
        var raw = await api.SendAsync(
            new CXoneRequest(new HttpMethod("PATCH"), "/things/7") { RawBody = "a=1&b=2", ContentType = "application/x-www-form-urlencoded" },
            CancellationToken.None);

        var received = server.Received;
        Assert.Equal(2, received.Count);
        var post = received.Single(r => r.Method == "POST");
        Assert.Equal("/base/things", post.Url.AbsolutePath);
        Assert.Equal("?q=a%20b%26c%3Dd&top=5", post.Url.Query);
        Assert.Equal("{\"name\":\"Ada\",\"count\":2}", post.Body);
        Assert.StartsWith("application/json", post.Headers["Content-Type"]);
        Assert.Equal("1", post.Headers["X-Extra"]);
        Assert.Equal("application/json", post.Headers["Accept"]);
        Assert.StartsWith("CXonePS/", post.Headers["User-Agent"]);
        Assert.Equal("Bearer " + FixedTokens.Value, post.Headers["Authorization"]);
        var patch = received.Single(r => r.Method == "PATCH");
        Assert.Equal("/base/things/7", patch.Url.AbsolutePath);
        Assert.Equal("a=1&b=2", patch.Body);
        Assert.StartsWith("application/x-www-form-urlencoded", patch.Headers["Content-Type"]);

        Assert.Equal(200, json.StatusCode);
        Assert.True(json.Json!.Value.GetProperty("ok").GetBoolean());
        Assert.Equal("{\"ok\":true,\"Items\":[1,2]}", json.Text);
        Assert.Equal("yes", json.GetHeader("x-answer"));
        Assert.Equal(200, raw.StatusCode);
    }

    [Fact]
    public async Task An_error_whose_message_is_only_in_icStatusDescription_becomes_a_typed_exception_with_it()
    {
        using var server = new ScriptedHttpServer((ctx, r) => r.Url.AbsolutePath.EndsWith("/forbidden")
            ? ScriptedHttpServer.WriteAsync(ctx, 403, "application/json", "{\"message\":\"User lacks Reporting > View permission\"}")
            : ScriptedHttpServer.WriteAsync(ctx, 400, "text/plain", string.Empty, new Dictionary<string, string> { ["icStatusDescription"] = "Invalid skillId 42" }));
        using var http = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateApiHandler(new FixedTokens(), new CXoneHttpOptions(), TimeProvider.System, new SocketsHttpHandler()));
        var api = new CXoneApiClient(http, server.BaseUri, new CXoneHttpOptions());

        var bad = await Assert.ThrowsAsync<CXoneException>(() => api.SendAsync(new CXoneRequest(HttpMethod.Get, "skills/42"), CancellationToken.None));
        var forbidden = await Assert.ThrowsAsync<CXoneException>(() => api.SendAsync(new CXoneRequest(HttpMethod.Get, "x/forbidden"), CancellationToken.None));
        var kept = await api.SendAsync(new CXoneRequest(HttpMethod.Get, "skills/42") { ThrowOnErrorStatus = false }, CancellationToken.None);

        Assert.Equal(CXoneErrorKind.BadRequest, bad.Kind);
        Assert.Equal(400, bad.StatusCode);
        Assert.Equal("Invalid skillId 42", bad.ErrorDescription);
        Assert.Contains("Invalid skillId 42", bad.Message);
        Assert.Contains("GET /skills/42", bad.Message);
        Assert.False(string.IsNullOrWhiteSpace(bad.RecommendedAction));
        Assert.Equal(CXoneErrorKind.Forbidden, forbidden.Kind);
        Assert.Contains("Reporting > View", forbidden.Message);
        Assert.Contains("permission", forbidden.RecommendedAction);
        Assert.Equal(400, kept.StatusCode);
        Assert.Equal("Invalid skillId 42", kept.GetHeader("icstatusdescription"));
        Assert.Equal(3, server.Received.Count); // 400 and 403 are not retried
    }

    [Fact]
    public async Task A_body_streams_to_a_file_and_an_error_leaves_no_file()
    {
        await using var w = await RequestsWorld.StartAsync();
        var dir = Directory.CreateTempSubdirectory("cxone-req-").FullName;
        try
        {
            var target = Path.Combine(dir, "page.json");
            var start = w.Emu.Data.DataSetEnd.AddDays(-40);
            var request = new CXoneRequest(HttpMethod.Get, "inContactAPI/services/v30.0/contacts/completed")
            {
                Query = new Dictionary<string, string?> { ["startDate"] = ContactsClient.IsoDate(start), ["endDate"] = ContactsClient.IsoDate(w.Emu.Data.DataSetEnd.AddMinutes(1)), ["top"] = "50" },
            };

            var bytes = await w.Api.SendToFileAsync(request, target, CancellationToken.None);

            Assert.Equal(new FileInfo(target).Length, bytes);
            using (var doc = JsonDocument.Parse(File.ReadAllBytes(target)))
            {
                Assert.Equal(50, doc.RootElement.GetProperty("completedContacts").GetArrayLength());
            }

            var missing = Path.Combine(dir, "agent.json");
            var ex = await Assert.ThrowsAsync<CXoneException>(() => w.Api.SendToFileAsync(new CXoneRequest(HttpMethod.Get, "inContactAPI/services/v30.0/agents/1"), missing, CancellationToken.None));
            Assert.Equal(CXoneErrorKind.NotFound, ex.Kind);
            Assert.Equal(new[] { "page.json" }, Directory.GetFiles(dir).Select(Path.GetFileName));
            Assert.Equal(1, w.Emu.GetStats().Requests(Routes.Agent, 404));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
