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
    public async Task Discovery_uses_the_configured_issuer_never_the_iss_claim_of_the_token()
    {
        // cxone-api.md section 2: the access token's iss may differ from the issuer called.
        await using var h = await AuthHarness.StartAsync(o => o.AccessTokenIssuerClaim = "https://auth.elsewhere.test");
        using var listen = h.Listen();

        using var session = await h.ConnectAsync();

        Assert.Equal(h.Issuer, session.Issuer);
        Assert.Equal(h.Emulator.ApiBaseUri, session.ApiEndpoint);
        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.OidcRequests);
        Assert.Equal(1, stats.ConfigurationRequests);
        Assert.DoesNotContain(h.Reports.Lines, l => l.Contains("elsewhere", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_discovery_cache_keeps_issuers_and_tenants_apart()
    {
        await using var a = await AuthHarness.StartAsync();
        await using var b = await AuthHarness.StartAsync();
        var shared = new CXoneDiscoveryCache();

        // Another tenant of the same issuer is already cached, pointing elsewhere: it must not be used.
        var other = new TenantConfiguration(new Uri("https://api-other.example/"), "eu1", "C99");
        shared.SetTenant(a.Issuer, "22222222-0000-0000-0000-000000000000", other);

        var optionsA = a.Options();
        optionsA.DiscoveryCache = shared;
        var optionsB = b.Options();
        optionsB.DiscoveryCache = shared;
        optionsB.TimeProvider = b.Clock;
        using (var sessionA = await CXoneSession.ConnectAsync(optionsA))
        using (var sessionB = await CXoneSession.ConnectAsync(optionsB))
        {
            Assert.Equal(a.Emulator.ApiBaseUri, sessionA.ApiEndpoint);
            Assert.Equal(b.Emulator.ApiBaseUri, sessionB.ApiEndpoint);
            Assert.Equal(new Uri(b.Issuer, "auth/token"), sessionB.TokenEndpoint);
        }

        Assert.Equal(5, shared.Count); // 2 documents + the other tenant + 2 tenants

        // A second session per issuer asks nothing again.
        using (await CXoneSession.ConnectAsync(optionsA))
        using (await CXoneSession.ConnectAsync(optionsB))
        {
        }

        foreach (var h in new[] { a, b })
        {
            var stats = await h.StatsAsync();
            Assert.Equal(1, stats.OidcRequests);
            Assert.Equal(1, stats.ConfigurationRequests);
            Assert.Equal(2, stats.Grants("password"));
        }
    }

    [Theory]
    [InlineData("https://cxone.niceincontact.com/", true)]
    [InlineData("https://10.1.2.3/", true)]
    [InlineData("http://127.0.0.1:5000/", true)]
    [InlineData("http://127.8.9.10/", true)]
    [InlineData("http://localhost:5000/", true)]
    [InlineData("http://[::1]:5000/", true)]
    [InlineData("http://localhost.evil.example/", false)]
    [InlineData("http://127.0.0.1.nip.io/", false)]
    [InlineData("http://foo.localhost/", false)]
    [InlineData("http://0.0.0.0/", false)]
    [InlineData("http://10.1.2.3/", false)]
    [InlineData("http://cxone.niceincontact.com/", false)]
    [InlineData("ftp://127.0.0.1/", false)]
    public void Only_https_or_http_on_a_loopback_address_is_accepted(string uri, bool accepted)
    {
        var u = new Uri(uri);
        if (accepted)
        {
            Assert.Same(u, Discovery.RequireSecure(u, "issuer"));
        }
        else
        {
            var ex = Assert.Throws<CXoneException>(() => Discovery.RequireSecure(u, "issuer"));
            Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("only https is accepted", ex.Message);
        }
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

    [Theory]
    [InlineData("token_endpoint")]
    [InlineData("api_endpoint")]
    public async Task An_http_endpoint_on_a_non_loopback_host_from_discovery_is_refused(string which)
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var tokenEndpoint = which == "token_endpoint" ? "http://cxone.example.com/auth/token" : new Uri(h.Issuer, "auth/token").AbsoluteUri;
        using var issuer = new CannedHttpServer(r => r.PathAndQuery.StartsWith("/.well-known/openid-configuration", StringComparison.Ordinal)
            ? (200, "application/json", "{\"token_endpoint\":\"" + tokenEndpoint + "\",\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"]}")
            : (200, "application/json", "{\"api_endpoint\":\"http://api-na1.example.com\",\"area\":\"na1\"}"));
        var options = h.Options();
        options.Issuer = issuer.BaseUri;
        if (which == "api_endpoint")
        {
            // The token endpoint is on another host than this issuer: discovery no longer vouches for such an
            // endpoint, so the user names it explicitly (which skips the OIDC document).
            options.TokenEndpoint = new Uri(tokenEndpoint);
        }

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("only https is accepted", ex.Message);
        Assert.Contains(which == "token_endpoint" ? "token endpoint from discovery" : "API endpoint from discovery", ex.Message);
        Assert.Equal(which == "token_endpoint" ? 0 : 1, (await h.StatsAsync()).Grants("password"));
        Assert.Equal(1, issuer.Requests);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task A_wrong_issuer_path_is_not_found_with_advice_to_check_the_issuer()
    {
        await using var h = await AuthHarness.StartAsync();
        var options = h.Options();
        options.Issuer = new Uri(h.Issuer, "no-such-issuer/");

        using var listen = h.Listen();
        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.NotFound, ex.Kind);
        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("Check the issuer", ex.RecommendedAction);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task An_html_answer_to_discovery_is_an_invalid_response()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        await h.FaultAsync(new { route = "GET /.well-known/openid-configuration", kind = "html502", count = 1 });

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync());

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(502, ex.StatusCode);
        Assert.Equal(h.Host, ex.Host);
        Assert.True(ex.ErrorDescription!.Length <= 203, "excerpt too long: " + ex.ErrorDescription.Length);
        Assert.Contains("<", ex.ErrorDescription);
        Assert.Contains(ex.ErrorDescription, ex.Message);
        Assert.Equal(0, (await h.StatsAsync()).TokenRequests);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task An_html_answer_to_the_tenant_configuration_is_an_invalid_response_naming_the_issuer_host()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        await h.FaultAsync(new { route = "GET /.well-known/cxone-configuration", kind = "html502", count = 1 });

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync());

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(502, ex.StatusCode);
        Assert.Equal(h.Host, ex.Host);
        Assert.Contains("CXone configuration discovery", ex.Message);
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

        using var listen = h.Listen();
        var ex1 = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(noCredential));
        var ex2 = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(noClient));

        Assert.Equal(CXoneErrorKind.InvalidArgument, ex1.Kind);
        Assert.Equal(CXoneErrorKind.InvalidArgument, ex2.Kind);
        Assert.Contains("client id", ex2.Message);
        Assert.Equal(0, (await h.StatsAsync()).OidcRequests);
        h.AssertNoSecrets(ex1);
        h.AssertNoSecrets(ex2);
    }
}
