using System;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth;

/// <summary>Acceptance: discovery finds the API endpoint; overrides skip it; http to a non-loopback host is refused.</summary>
public sealed class DiscoveryTests
{
    [Fact]
    public async Task Discovery_results_are_cached_per_issuer_and_tenant()
    {
        await using var h = await AuthHarness.StartAsync();
        using (await h.ConnectAsync())
        {
        }

        using var second = await h.ConnectAsync(h.UserPassword());

        Assert.Equal(h.Emulator.ApiBaseUri, second.ApiEndpoint);
        Assert.Equal(h.Emulator.Options.Area, second.Area);
        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.OidcRequests);
        Assert.Equal(1, stats.ConfigurationRequests);
        Assert.Equal(2, stats.Grants("password"));
        Assert.Equal(2, h.Cache.Count);

        h.Cache.Clear();
        using var third = await h.ConnectAsync();
        stats = await h.StatsAsync();
        Assert.Equal(2, stats.OidcRequests);
        Assert.Equal(2, stats.ConfigurationRequests);
    }

    [Fact]
    public async Task A_token_endpoint_override_skips_the_oidc_document()
    {
        await using var h = await AuthHarness.StartAsync();
        var options = h.Options();
        options.TokenEndpoint = new Uri(h.Issuer, "auth/token");

        using var session = await CXoneSession.ConnectAsync(options);

        Assert.Equal(options.TokenEndpoint, session.TokenEndpoint);
        Assert.Equal(h.Emulator.ApiBaseUri, session.ApiEndpoint);
        var stats = await h.StatsAsync();
        Assert.Equal(0, stats.OidcRequests);
        Assert.Equal(1, stats.ConfigurationRequests);
    }

    [Fact]
    public async Task An_api_endpoint_override_skips_cxone_configuration()
    {
        await using var h = await AuthHarness.StartAsync();
        var options = h.Options();
        options.ApiEndpoint = new Uri(h.Emulator.ApiBaseUri.AbsoluteUri.TrimEnd('/'));

        using var session = await CXoneSession.ConnectAsync(options);

        Assert.Equal(h.Emulator.ApiBaseUri, session.ApiEndpoint); // with the trailing slash
        Assert.Equal(h.Emulator.ApiBaseUri, session.ApiHttp.BaseAddress);
        Assert.Null(session.Area);
        Assert.Equal(h.Emulator.Options.TenantId, session.TenantId); // still read from the token
        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.OidcRequests);
        Assert.Equal(0, stats.ConfigurationRequests);
    }

    [Theory]
    [InlineData("http://cxone.example.com", null, null)]
    [InlineData("http://10.1.2.3:8080/", null, null)]
    [InlineData(null, "http://cxone.example.com/auth/token", null)]
    [InlineData(null, null, "http://api-na1.example.com/")]
    public async Task Http_to_a_non_loopback_host_is_refused_before_any_request(string? issuer, string? tokenEndpoint, string? apiEndpoint)
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var transport = new CountingTransport();
        var options = h.Options();
        options.Transport = transport;
        if (issuer != null)
        {
            options.Issuer = new Uri(issuer);
        }

        options.TokenEndpoint = tokenEndpoint is null ? null : new Uri(tokenEndpoint);
        options.ApiEndpoint = apiEndpoint is null ? null : new Uri(apiEndpoint);

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("only https is accepted", ex.Message);
        Assert.Equal(0, transport.Sent);
        Assert.Equal(0, (await h.StatsAsync()).TokenRequests);
        h.AssertNoSecrets(ex);
        transport.Dispose();
    }

    [Fact]
    public async Task A_wrong_issuer_path_is_not_found_with_advice_to_check_the_issuer()
    {
        await using var h = await AuthHarness.StartAsync();
        var options = h.Options();
        options.Issuer = new Uri(h.Issuer, "no-such-issuer/");

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.NotFound, ex.Kind);
        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("Check the issuer", ex.RecommendedAction);
    }

    [Fact]
    public async Task An_html_answer_to_discovery_is_an_invalid_response()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        await h.FaultAsync(new { route = "GET /.well-known/openid-configuration", kind = "html502", count = 1 });

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync());

        Assert.True(ex.Kind is CXoneErrorKind.InvalidResponse or CXoneErrorKind.ServerError, "kind " + ex.Kind);
        Assert.Equal(502, ex.StatusCode);
        Assert.Equal(0, (await h.StatsAsync()).TokenRequests);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public void The_well_known_environments_resolve_to_their_issuers()
    {
        Assert.Equal(new Uri("https://cxone.niceincontact.com/"), new CXoneSessionOptions().ResolveIssuer());
        Assert.Equal(new Uri("https://cxone-gov.niceincontact.com/"), new CXoneSessionOptions { Environment = CXoneEnvironment.FedRAMP }.ResolveIssuer());
        var custom = new Uri("https://sovereign.example/");
        Assert.Equal(custom, new CXoneSessionOptions { Environment = CXoneEnvironment.FedRAMP, Issuer = custom }.ResolveIssuer());
    }

    [Fact]
    public async Task Missing_credential_or_client_id_is_an_invalid_argument_before_any_request()
    {
        await using var h = await AuthHarness.StartAsync();
        var noCredential = h.Options();
        noCredential.Credential = null;
        var noClient = h.Options();
        noClient.ClientId = null;

        Assert.Equal(CXoneErrorKind.InvalidArgument, (await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(noCredential))).Kind);
        Assert.Equal(CXoneErrorKind.InvalidArgument, (await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(noClient))).Kind);
        Assert.Equal(0, (await h.StatsAsync()).OidcRequests);
    }
}
