using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth;

/// <summary>Acceptance: the code flow completes headless through the emulator's auto-approving /auth/authorize.</summary>
public sealed class AuthorizationCodeTests
{
    [Fact]
    public async Task The_code_flow_with_pkce_completes_headless_through_the_emulator()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var browser = new HeadlessBrowser();

        using var session = await h.ConnectAsync(new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = browser }));

        Assert.Equal(CXoneCredentialKind.AuthorizationCode, session.CredentialKind);
        Assert.Equal(h.Emulator.Options.TenantId, session.TenantId);
        Assert.Equal(200, browser.ListenerStatus);
        var query = System.Web.HttpUtility.ParseQueryString(browser.AuthorizeUrl!.Query);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("openid", query["scope"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        var redirect = new Uri(query["redirect_uri"]!);
        Assert.Equal("127.0.0.1", redirect.Host);
        Assert.Equal("http", redirect.Scheme);
        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.Route("GET /auth/authorize"));
        Assert.Equal(1, stats.Grants("authorization_code"));

        // It renews with its refresh token.
        var token = await session.GetTokenAsync();
        h.Clock.Advance(token.ExpiresOn - h.Clock.GetUtcNow());
        var renewed = await session.GetTokenAsync();
        Assert.NotEqual(token.Token, renewed.Token);
        Assert.Equal(1, (await h.StatsAsync()).Grants("refresh_token"));
        Assert.Equal(1, browser.Launches);
        h.AssertNoSecrets(null, token.Token, renewed.Token);
    }

    [Fact]
    public async Task A_redirect_with_another_state_is_refused()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var browser = new HeadlessBrowser(u => new Uri(u.AbsoluteUri.Replace("state=", "state=forged")));

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync(new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = browser })));

        Assert.Equal(CXoneErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Contains("state", ex.Message);
        Assert.Equal(400, browser.ListenerStatus);
        Assert.Equal(0, (await h.StatsAsync()).Grants("authorization_code"));
        h.AssertNoSecrets(ex);
    }

    [Theory]
    [InlineData("error_description")]
    [InlineData("errorDescription")]
    public async Task A_login_the_user_refuses_is_authentication_failed_with_the_service_description(string spelling)
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var browser = new HeadlessBrowser(u =>
        {
            // The user pressed "deny": same redirect URI and state, an error instead of the code.
            var state = System.Web.HttpUtility.ParseQueryString(u.Query)["state"]!;
            return new Uri(u.GetLeftPart(UriPartial.Path) + "?error=access_denied&" + spelling + "=The+user+denied+access&state=" + Uri.EscapeDataString(state));
        });

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync(new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = browser })));

        Assert.Equal(CXoneErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Equal("access_denied", ex.ErrorCode);
        Assert.Equal("The user denied access", ex.ErrorDescription);
        Assert.Contains("access_denied: The user denied access", ex.Message);
        Assert.Equal(h.Host, ex.Host);
        Assert.Equal(200, browser.ListenerStatus);
        Assert.Equal(0, (await h.StatsAsync()).TokenRequests);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Nobody_answering_times_out_after_the_configured_wait_on_the_session_clock()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var browser = new SilentBrowser();

        var connect = h.ConnectAsync(new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = browser }));
        await browser.Launched;
        await h.AdvanceUntilDoneAsync(connect, TimeSpan.FromSeconds(121));
        var ex = await Assert.ThrowsAsync<CXoneException>(() => connect);

        Assert.Equal(CXoneErrorKind.Timeout, ex.Kind);
        Assert.Contains("120 s", ex.Message);
        Assert.Equal(0, (await h.StatsAsync()).TokenRequests);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Without_an_interactive_user_the_login_fails_at_once_with_a_clear_error()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var browser = new HeadlessBrowser();

        var ex = await Assert.ThrowsAsync<CXoneException>(() =>
            h.ConnectAsync(new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = browser, IsInteractive = false })));

        Assert.Equal(CXoneErrorKind.InteractiveLoginUnavailable, ex.Kind);
        Assert.Equal("CXone.InteractiveLoginUnavailable", ex.ErrorId);
        Assert.Contains("access key", ex.RecommendedAction);
        Assert.Equal(0, browser.Launches);
        var stats = await h.StatsAsync();
        Assert.Equal(0, stats.OidcRequests);
        Assert.Equal(0, stats.TokenRequests);
        h.AssertNoSecrets(ex);
    }

    public static IEnumerable<object[]> NonInteractiveEnvironments()
    {
        yield return new object[] { new Hashtable { ["CI"] = "true", ["DISPLAY"] = ":0" }, false, "CI" };
        yield return new object[] { new Hashtable { ["GITHUB_ACTIONS"] = "true" }, false, "GITHUB_ACTIONS" };
        yield return new object[] { new Hashtable { ["TF_BUILD"] = "True" }, false, "TF_BUILD" };
        yield return new object[] { new Hashtable(), true, "DISPLAY" };
    }

    [Theory]
    [MemberData(nameof(NonInteractiveEnvironments))]
    public void Ci_runs_and_linux_without_a_display_count_as_non_interactive(Hashtable environment, bool isLinux, string named)
    {
        var reason = LoopbackAuthorization.NonInteractiveReason(environment, isLinux, userInteractive: true);
        Assert.NotNull(reason);
        Assert.Contains(named, reason);

        var ex = Assert.Throws<CXoneException>(() => LoopbackAuthorization.EnsureInteractive(new AuthorizationCodeOptions(), environment));
        Assert.Equal(CXoneErrorKind.InteractiveLoginUnavailable, ex.Kind);
    }

    [Fact]
    public void A_desktop_session_counts_as_interactive()
    {
        Assert.Null(LoopbackAuthorization.NonInteractiveReason(new Hashtable { ["DISPLAY"] = ":0", ["CI"] = "false" }, isLinux: true, userInteractive: true));
        Assert.Null(LoopbackAuthorization.NonInteractiveReason(new Hashtable(), isLinux: false, userInteractive: true));
        Assert.NotNull(LoopbackAuthorization.NonInteractiveReason(new Hashtable(), isLinux: false, userInteractive: false));
    }
}
