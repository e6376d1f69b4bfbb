using System;
using System.Net.Http;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth.Logins;

/// <summary>
/// Genesys Cloud (docs/cxone-api.md section 9) against the emulator's Genesys-shaped <c>/oauth/token</c> and
/// <c>api/v2</c> routes: the hosts come from the region, the emulator stands in through the two endpoint overrides.
/// </summary>
public sealed class GenesysCloudTests
{
    [Fact]
    public async Task Client_credentials_log_in_with_basic_and_api_v2_calls_work_without_any_cxone_discovery()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();

        using var session = await CXoneSession.ConnectAsync(LoginWorld.Genesys(h));

        Assert.Equal(CXoneLogin.GenesysCloudClientCredentials, session.Login);
        Assert.Equal(CXoneCredentialKind.ClientCredentials, session.CredentialKind);
        Assert.Equal(ClientAuthenticationMethod.Basic, session.ClientAuthentication);
        Assert.Equal(string.Empty, session.TenantId); // an opaque token: no claims
        Assert.Equal(h.Clock.GetUtcNow().AddSeconds(86399), session.TokenExpiresOn);
        Assert.Null(session.ConnectionCheckPath);
        Assert.Null(await session.TestConnectionAsync()); // no CXone server-time call on Genesys Cloud

        var response = await session.Api.SendAsync(new CXoneRequest(HttpMethod.Get, "api/v2/organizations/me"), default);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(h.Emulator.Options.TenantName, response.Json!.Value.GetProperty("name").GetString());

        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.Route(LoginWorld.GenesysTokenRoute));
        Assert.Equal(1, stats.Grants("client_credentials"));
        Assert.Equal(0, stats.OidcRequests);
        Assert.Equal(0, stats.ConfigurationRequests);
        Assert.Equal(0, stats.Route("GET /inContactAPI/services/{version}/server-time"));
        Assert.Equal(1, stats.Status(LoginWorld.GenesysOrganizationRoute, 200));
        h.AssertNoSecrets(null, (await session.GetTokenAsync()).Token);
    }

    [Fact]
    public async Task Sixty_four_parallel_api_v2_calls_ahead_of_expiry_cause_one_grant_per_window()
    {
        await using var h = await AuthHarness.StartAsync();
        using var session = await CXoneSession.ConnectAsync(LoginWorld.Genesys(h));

        for (var window = 0; window < 4; window++)
        {
            var before = await h.StatsAsync();
            var current = await session.GetTokenAsync();
            var target = window % 2 == 0 ? current.RefreshOn + TimeSpan.FromSeconds(1) : current.ExpiresOn + TimeSpan.FromSeconds(1);
            h.Clock.Advance(target - h.Clock.GetUtcNow());

            var statuses = await LoginWorld.SixtyFourCallsAsync(session, "api/v2/organizations/me");
            await TokenCacheTests.SettledAsync(session);

            Assert.All(statuses, s => Assert.Equal(200, s));
            var after = await h.StatsAsync();
            Assert.Equal(1, after.Grants("client_credentials") - before.Grants("client_credentials"));
            Assert.Equal(0, after.Status(LoginWorld.GenesysOrganizationRoute, 401)); // no expired token was sent
        }
    }

    [Fact]
    public async Task A_wrong_client_secret_fails_with_AuthenticationFailed_and_no_secret_in_any_text()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(LoginWorld.Genesys(h, secret: AuthHarness.WrongSecret)));

        Assert.Equal(CXoneErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("invalid_client", ex.ErrorCode);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task The_browser_login_with_pkce_works_there_too_and_renews_with_its_refresh_token()
    {
        // A token that ends before its refresh token (7200 s), so renewing after expiry uses the refresh token.
        await using var h = await AuthHarness.StartAsync(o => o.GenesysTokenLifetime = TimeSpan.FromSeconds(3600));
        var browser = new HeadlessBrowser();
        var options = LoginWorld.Genesys(h, new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = browser }));

        using var session = await CXoneSession.ConnectAsync(options);

        Assert.Equal(CXoneLogin.GenesysCloudAuthorizationCode, session.Login);
        Assert.Equal(new Uri(h.Issuer, "oauth/authorize").AbsolutePath, browser.AuthorizeUrl!.AbsolutePath);
        Assert.Contains("code_challenge_method=S256", browser.AuthorizeUrl.Query);
        var first = await session.GetTokenAsync();
        h.Clock.Advance(first.ExpiresOn + TimeSpan.FromSeconds(1) - h.Clock.GetUtcNow());
        var renewed = await session.GetTokenAsync();
        Assert.NotEqual(first.Token, renewed.Token);
        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.Grants("authorization_code"));
        Assert.Equal(1, stats.Grants("refresh_token"));
        Assert.Equal(2, stats.Route(LoginWorld.GenesysTokenRoute));
    }

    [Theory]
    [InlineData("us-east-1", "mypurecloud.com")]
    [InlineData("EU-Central-1", "mypurecloud.de")]
    [InlineData("api.mypurecloud.com.au", "mypurecloud.com.au")]
    [InlineData("https://login.usw2.pure.cloud", "usw2.pure.cloud")]
    [InlineData("use2.us-gov-pure.cloud", "use2.us-gov-pure.cloud")]
    public void A_region_or_host_names_the_login_and_api_hosts(string given, string host)
    {
        Assert.Equal(host, GenesysCloudRegions.ResolveHost(given));
        Assert.Equal(new Uri("https://login." + host + "/oauth/token"), GenesysCloudRegions.TokenEndpoint(host));
        Assert.Equal(new Uri("https://api." + host + "/"), GenesysCloudRegions.ApiEndpoint(host));
    }

    [Fact]
    public void Without_overrides_the_region_alone_decides_the_endpoints_and_an_unknown_one_is_refused()
    {
        var plan = LoginPlan.Create(new CXoneSessionOptions
        {
            GenesysCloudRegion = "eu-central-1", ClientId = "id", ClientSecret = "s", Credential = new ClientCredentialsCredential(),
        });
        Assert.Equal(new Uri("https://login.mypurecloud.de/oauth/token"), plan.TokenEndpoint);
        Assert.Equal(new Uri("https://login.mypurecloud.de/oauth/authorize"), plan.AuthorizationEndpoint);
        Assert.Equal(new Uri("https://api.mypurecloud.de/"), plan.ApiEndpoint);

        var ex = Assert.Throws<CXoneException>(() => GenesysCloudRegions.ResolveHost("mars-north-1"));
        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("us-east-1", ex.RecommendedAction);
        Assert.Contains("-TokenEndpoint", ex.RecommendedAction);
    }
}
