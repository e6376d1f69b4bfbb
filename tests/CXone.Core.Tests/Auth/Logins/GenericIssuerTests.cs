using System;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth.Logins;

/// <summary>
/// Any OAuth2 issuer: a token endpoint given directly (no OIDC discovery), scopes and prompt on the authorize URL,
/// the connection check only where it exists, and the authorize URL shown when no browser starts.
/// </summary>
public sealed class GenericIssuerTests
{
    [Fact]
    public async Task A_token_endpoint_and_api_endpoint_skip_every_discovery_and_the_check_path_is_the_users()
    {
        await using var h = await AuthHarness.StartAsync();
        var options = h.Options(new ClientCredentialsCredential());
        options.TokenEndpoint = new Uri(h.Issuer, "oauth/token");
        options.ApiEndpoint = h.Issuer;
        options.ConnectionCheckPath = "/api/v2/organizations/me";
        options.Scopes = new[] { "organization:readonly" };

        using var session = await CXoneSession.ConnectAsync(options);

        Assert.Equal(CXoneLogin.ClientCredentials, session.Login);
        Assert.Equal("api/v2/organizations/me", session.ConnectionCheckPath);
        await session.TestConnectionAsync();
        var stats = await h.StatsAsync();
        Assert.Equal(0, stats.OidcRequests);
        Assert.Equal(0, stats.ConfigurationRequests);
        Assert.Equal(1, stats.Status(LoginWorld.GenesysOrganizationRoute, 200));
    }

    [Fact]
    public async Task Without_a_tenantId_claim_or_an_api_endpoint_the_error_names_ApiEndpoint()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var options = h.Options(new ClientCredentialsCredential());
        options.TokenEndpoint = new Uri(h.Issuer, "oauth/token");

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("tenantId", ex.Message);
        Assert.Contains("-ApiEndpoint", ex.RecommendedAction);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Offline_access_asks_for_consent_and_a_prompt_of_the_users_own_wins()
    {
        await using var h = await AuthHarness.StartAsync();
        var browser = new HeadlessBrowser();
        var options = h.Options(new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = browser }));
        options.Scopes = new[] { "openid", "offline_access" };

        using (await CXoneSession.ConnectAsync(options))
        {
            var query = System.Web.HttpUtility.ParseQueryString(browser.AuthorizeUrl!.Query);
            Assert.Equal("openid offline_access", query["scope"]);
            Assert.Equal("consent", query["prompt"]);
        }

        options.Prompt = "select_account";
        using (await CXoneSession.ConnectAsync(options))
        {
            Assert.Equal("select_account", System.Web.HttpUtility.ParseQueryString(browser.AuthorizeUrl!.Query)["prompt"]);
        }

        options.Scopes = null;
        options.Prompt = null;
        using (await CXoneSession.ConnectAsync(options))
        {
            var query = System.Web.HttpUtility.ParseQueryString(browser.AuthorizeUrl!.Query);
            Assert.Equal("openid", query["scope"]);
            Assert.Null(query["prompt"]);
        }
    }

    [Fact]
    public async Task When_no_browser_starts_the_authorize_url_is_shown_and_the_login_still_completes()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var person = new HeadlessBrowser();
        var launcher = new BrokenLauncher(person);

        using var session = await h.ConnectAsync(new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = launcher }));

        Assert.Equal(CXoneLogin.AuthorizationCode, session.Login);
        var warning = Assert.Single(h.Reports.Warnings);
        Assert.Contains("could not be opened", warning);
        Assert.Contains(person.AuthorizeUrl!.AbsoluteUri, warning);
        h.AssertNoSecrets(null);
    }

    /// <summary>A launcher whose browser fails to start; the person then opens the address by hand (the headless browser).</summary>
    private sealed class BrokenLauncher : IBrowserLauncher
    {
        private readonly HeadlessBrowser _person;

        public BrokenLauncher(HeadlessBrowser person) => _person = person;

        public Task LaunchAsync(Uri authorizeUrl, CancellationToken cancellationToken)
        {
            _ = Task.Run(async () =>
            {
                await Task.Yield();
                await _person.LaunchAsync(authorizeUrl, CancellationToken.None);
            });
            throw new InvalidOperationException("no browser is installed");
        }
    }
}
