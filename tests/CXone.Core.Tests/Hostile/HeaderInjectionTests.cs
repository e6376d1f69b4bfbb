using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;

namespace CXone.Core.Tests.Hostile;

/// <summary>Header names and values from the caller cannot smuggle another header (Authorization, Host) onto the wire.</summary>
public sealed class HeaderInjectionTests
{
    [Theory]
    [InlineData("X-Test", "a\r\nAuthorization: Bearer stolen")]
    [InlineData("X-Test", "a\nHost: elsewhere")]
    [InlineData("X-Test", "a\rb")]
    [InlineData("X-Test", "nul\0")]
    [InlineData("X-Test\r\nAuthorization", "Bearer stolen")]
    [InlineData("Authorization ", "Bearer stolen")]
    [InlineData("X Test", "v")]
    [InlineData("X-Test:", "v")]
    [InlineData("", "v")]
    public async Task A_bad_header_name_or_value_is_InvalidArgument_and_nothing_is_sent(string name, string value)
    {
        using var server = new ScriptedHttpServer((ctx, r) => ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", "{}"));
        using var scripted = new ScriptedApi(server);
        var api = scripted.Api;

        var error = await Assert.ThrowsAsync<CXoneException>(() => api.SendAsync(
            new CXoneRequest(HttpMethod.Get, "skills") { Headers = new Dictionary<string, string> { [name] = value } }, CancellationToken.None));

        Assert.Equal(CXoneErrorKind.InvalidArgument, error.Kind);
        Assert.DoesNotContain("stolen", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task A_good_header_with_a_tab_goes_out_as_given()
    {
        using var server = new ScriptedHttpServer((ctx, r) => ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", "{}"));
        using var scripted = new ScriptedApi(server);
        var api = scripted.Api;

        await api.SendAsync(new CXoneRequest(HttpMethod.Get, "skills") { Headers = new Dictionary<string, string> { ["X-Request-Id"] = "a\tb" } }, CancellationToken.None);

        var seen = Assert.Single(server.Received);
        Assert.Equal("a\tb", seen.Headers["X-Request-Id"]);
    }
}
