using System;
using System.Collections;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Auth.Logins;

/// <summary>
/// The access-key login without an app registration (docs/cxone-api.md section 6) against the emulator's UserHub route:
/// first token, renewal ahead of expiry by repeating the login, a wrong secret, a missing area, both answer spellings.
/// </summary>
public sealed class UserHubAccessKeyTests
{
    [Theory]
    [InlineData(AccessKeyAnswerSpelling.OAuth)]
    [InlineData(AccessKeyAnswerSpelling.UserHub)]
    public async Task The_access_key_alone_logs_in_and_the_api_endpoint_comes_from_the_tenant(AccessKeyAnswerSpelling spelling)
    {
        await using var h = await AuthHarness.StartAsync(o => o.AccessKeyAnswer = spelling);
        using var listen = h.Listen();

        using var session = await CXoneSession.ConnectAsync(LoginWorld.UserHub(h));

        Assert.Equal(CXoneLogin.UserHubAccessKey, session.Login);
        Assert.Equal(CXoneCredentialKind.AccessKey, session.CredentialKind);
        Assert.True(session.CanRefresh);
        Assert.Equal(h.Emulator.Options.TenantId, session.TenantId);
        Assert.Equal(h.Emulator.ApiBaseUri, session.ApiEndpoint);
        Assert.Equal("na1", session.Area);
        Assert.Equal(new Uri(h.Issuer, UserHubAccessKeyCredential.LoginPath), session.TokenEndpoint);
        Assert.Equal(h.Clock.GetUtcNow().AddSeconds(3600), session.TokenExpiresOn);
        Assert.Equal(CXoneSession.ServerTimePath, session.ConnectionCheckPath);
        Assert.NotNull(await session.TestConnectionAsync());

        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.Route(LoginWorld.AccessKeyRoute));
        Assert.Equal(1, stats.Grants("access_key"));
        Assert.Equal(0, stats.TokenRequests);   // no OIDC grant
        Assert.Equal(0, stats.OidcRequests);    // no OIDC discovery
        Assert.Equal(1, stats.ConfigurationRequests);
        Assert.Contains(h.Reports.Verbose, l => l.StartsWith("connected to tenant Emulator Tenant (AccessKey, login UserHubAccessKey)", StringComparison.Ordinal));
        h.AssertNoSecrets(null);
    }

    [Theory]
    [InlineData(AccessKeyAnswerSpelling.OAuth)]
    [InlineData(AccessKeyAnswerSpelling.UserHub)]
    public async Task Sixty_four_callers_ahead_of_expiry_share_one_repeated_login_per_window(AccessKeyAnswerSpelling spelling)
    {
        await using var h = await AuthHarness.StartAsync(o => o.AccessKeyAnswer = spelling);
        using var listen = h.Listen();
        using var session = await CXoneSession.ConnectAsync(LoginWorld.UserHub(h));

        for (var window = 0; window < 6; window++)
        {
            var before = await h.StatsAsync();
            var tokens = await LoginWorld.SixtyFourCallersAsync(h, session, pastExpiry: window % 2 == 1);
            var after = await h.StatsAsync();

            Assert.Equal(1, after.Grants("access_key") - before.Grants("access_key"));
            Assert.Equal(1, after.Route(LoginWorld.AccessKeyRoute) - before.Route(LoginWorld.AccessKeyRoute));
            Assert.Equal(0, after.TokenRequests);   // never a refresh-token grant at an OIDC endpoint
            if (window % 2 == 1)
            {
                Assert.Single(System.Linq.Enumerable.Distinct(System.Linq.Enumerable.Select(tokens, t => t.Token)));
            }
        }

        // And the API accepts what the renewals brought.
        var statuses = await LoginWorld.SixtyFourCallsAsync(session, CXoneSession.ServerTimePath);
        Assert.All(statuses, s => Assert.Equal(200, s));
        h.AssertNoSecrets(null);
    }

    [Fact]
    public async Task A_wrong_secret_fails_with_AuthenticationFailed_and_no_secret_in_any_text()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(LoginWorld.UserHub(h, AuthHarness.WrongSecret)));

        Assert.Equal(CXoneErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Equal("CXone.AuthenticationFailed", ex.ErrorId);
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("access-key login", ex.Message);
        Assert.Contains("access key", ex.RecommendedAction);
        Assert.Equal(1, (await h.StatsAsync()).GrantFailures("access_key"));
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Without_an_area_one_error_names_every_way_to_give_it_before_any_request()
    {
        await using var h = await AuthHarness.StartAsync();
        var options = LoginWorld.UserHub(h);
        options.AuthEndpoint = null;

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.AreaRequired, ex.Kind);
        Assert.Equal("CXone.AreaRequired", ex.ErrorId);
        foreach (var way in new[] { "-Area", "CXONE_AREA", "-AuthEndpoint", "CXONE_AUTH_ENDPOINT" })
        {
            Assert.Contains(way, ex.RecommendedAction);
        }

        var stats = await h.StatsAsync();
        Assert.Equal(0, stats.Route(LoginWorld.AccessKeyRoute));
        Assert.Equal(0, stats.OidcRequests);
        h.AssertNoSecrets(ex);
    }

    [Theory]
    [InlineData(null, "na1", "https://na1.nice-incontact.com/authentication/v1/token/access-key")]
    [InlineData(null, "eu1", "https://eu1.nice-incontact.com/authentication/v1/token/access-key")]
    [InlineData("https://au1.niceincontact.com", "na1", "https://au1.niceincontact.com/authentication/v1/token/access-key")]
    [InlineData("https://na1.nice-incontact.com/authentication/v1/token/access-key", null, "https://na1.nice-incontact.com/authentication/v1/token/access-key")]
    public void The_area_or_the_whole_base_names_the_login_url(string? authEndpoint, string? area, string expected)
    {
        Assert.Equal(new Uri(expected), UserHubAccessKeyCredential.ResolveEndpoint(authEndpoint is null ? null : new Uri(authEndpoint), area));
    }

    [Theory]
    [InlineData("NA1")]
    [InlineData("na")]
    [InlineData("na1.evil.test/x")]
    public void An_area_of_another_shape_is_refused(string area)
    {
        var ex = Assert.Throws<CXoneException>(() => UserHubAccessKeyCredential.ResolveEndpoint(null, area));
        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("na1", ex.Message);
    }

    [Fact]
    public async Task From_the_environment_an_access_key_without_a_client_id_is_the_userhub_login()
    {
        await using var h = await AuthHarness.StartAsync();
        var o = h.Emulator.Options;
        var options = CXoneSessionOptions.FromEnvironment(new Hashtable
        {
            ["CXONE_ISSUER"] = h.Issuer.AbsoluteUri,
            ["CXONE_ACCESS_KEY_ID"] = o.AccessKeyId,
            ["CXONE_ACCESS_KEY_SECRET"] = o.AccessKeySecret,
            ["CXONE_AUTH_ENDPOINT"] = h.Issuer.AbsoluteUri,
            ["CXONE_AREA"] = "na1",
        });
        Assert.IsType<UserHubAccessKeyCredential>(options.Credential);
        Assert.Equal("na1", options.Area);
        options.TimeProvider = h.Clock;
        options.DiscoveryCache = h.Cache;

        using var session = await CXoneSession.ConnectAsync(options);

        Assert.Equal(CXoneLogin.UserHubAccessKey, session.Login);
        Assert.Equal(1, (await h.StatsAsync()).Grants("access_key"));
    }

    [Fact]
    public async Task With_a_client_id_too_the_password_grant_stays_the_choice()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();

        using var session = await h.ConnectAsync();

        Assert.Equal(CXoneLogin.PasswordGrant, session.Login);
        Assert.Equal(CXoneCredentialKind.AccessKey, session.CredentialKind);
        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.Grants("password"));
        Assert.Equal(0, stats.Route(LoginWorld.AccessKeyRoute));
        Assert.Contains(h.Reports.Verbose, l => l.Contains("(AccessKey, login PasswordGrant)", StringComparison.Ordinal));
    }
}
