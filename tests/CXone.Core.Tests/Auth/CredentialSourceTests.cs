using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Auth;

/// <summary>Acceptance: each credential source succeeds against the emulator.</summary>
public sealed class CredentialSourceTests
{
    [Fact]
    public async Task Access_key_connects_discovers_the_api_endpoint_and_reads_the_claims()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();

        using var session = await h.ConnectAsync();

        var o = h.Emulator.Options;
        Assert.Equal(CXoneCredentialKind.AccessKey, session.CredentialKind);
        Assert.True(session.CanRefresh);
        Assert.Equal(o.TenantId, session.TenantId);
        Assert.Equal(o.TenantName, session.TenantName);
        Assert.Equal(o.UserId, session.UserId);
        Assert.Equal(o.AgentId, session.AgentId);
        Assert.Equal(o.BusinessUnitId.ToString(), session.BusinessUnitId);
        Assert.Equal(o.Area, session.Area);
        Assert.Equal(o.Cluster, session.Cluster);
        Assert.Equal(h.Emulator.ApiBaseUri, session.ApiEndpoint);
        Assert.Equal(new Uri(h.Issuer, "auth/token"), session.TokenEndpoint);
        Assert.Equal(ClientAuthenticationMethod.Basic, session.ClientAuthentication);
        Assert.Equal(h.Clock.GetUtcNow() + o.AccessTokenLifetime, session.TokenExpiresOn);

        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.Grants("password"));
        Assert.Equal(1, stats.OidcRequests);
        Assert.Equal(1, stats.ConfigurationRequests);

        // The session's API client carries the token: a real API call succeeds.
        using var request = new HttpRequestMessage(HttpMethod.Get, "inContactAPI/services/v30.0/server-time");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await session.ApiHttp.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);

        Assert.Contains(h.Reports.Verbose, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^POST /auth/token 200 in \d+ ms$"));
        Assert.Contains(h.Reports.Verbose, l => l.StartsWith("GET /.well-known/openid-configuration 200 in ", StringComparison.Ordinal));
        var token = await session.GetTokenAsync();
        h.AssertNoSecrets(null, token.Token);
        Assert.DoesNotContain(token.Token, session.ToString());
        Assert.DoesNotContain(token.Token, token.ToString());
    }

    [Fact]
    public async Task Username_and_password_connect_with_the_password_grant()
    {
        await using var h = await AuthHarness.StartAsync();
        using var session = await h.ConnectAsync(h.UserPassword());

        Assert.Equal(CXoneCredentialKind.UserPassword, session.CredentialKind);
        Assert.Equal(h.Emulator.Options.TenantId, session.TenantId);
        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.Grants("password"));
        Assert.Equal(0, stats.GrantFailures("password"));
    }

    [Fact]
    public async Task Client_credentials_connect_where_the_issuer_accepts_them()
    {
        await using var h = await AuthHarness.StartAsync(o => o.AllowClientCredentials = true);
        using var session = await h.ConnectAsync(new ClientCredentialsCredential());

        Assert.Equal(CXoneCredentialKind.ClientCredentials, session.CredentialKind);
        Assert.Equal(h.Emulator.ApiBaseUri, session.ApiEndpoint);
        Assert.Equal(1, (await h.StatsAsync()).Grants("client_credentials"));
    }

    [Fact]
    public async Task A_refresh_token_the_user_brings_connects_with_the_refresh_grant()
    {
        await using var h = await AuthHarness.StartAsync();
        var (_, refresh) = await h.RawPasswordGrantAsync();

        using var session = await h.ConnectAsync(new RefreshTokenCredential(refresh));

        Assert.Equal(CXoneCredentialKind.RefreshToken, session.CredentialKind);
        Assert.True(session.CanRefresh);
        Assert.Equal(h.Emulator.Options.TenantId, session.TenantId);
        var stats = await h.StatsAsync();
        Assert.Equal(1, stats.Grants("refresh_token"));
        Assert.Equal(1, stats.Grants("password")); // only the raw one above
    }

    [Fact]
    public async Task A_static_access_token_states_its_expiry_and_then_fails_with_TokenExpired()
    {
        await using var h = await AuthHarness.StartAsync();
        var (access, _) = await h.RawPasswordGrantAsync();
        using var listen = h.Listen();

        using var session = await h.ConnectAsync(new StaticAccessTokenCredential(access));

        Assert.Equal(CXoneCredentialKind.AccessToken, session.CredentialKind);
        Assert.False(session.CanRefresh);
        Assert.Equal(h.Emulator.ApiBaseUri, session.ApiEndpoint);
        var expires = h.Clock.GetUtcNow() + h.Emulator.Options.AccessTokenLifetime;
        Assert.Equal(expires, session.TokenExpiresOn);
        var warning = Assert.Single(h.Reports.Warnings);
        Assert.Contains("expires at " + expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), warning);
        Assert.Contains("cannot be refreshed", warning);
        Assert.Equal(access, (await session.GetTokenAsync()).Token);

        h.Clock.Advance(h.Emulator.Options.AccessTokenLifetime);
        var ex = await Assert.ThrowsAsync<CXoneException>(() => session.GetTokenAsync());

        Assert.Equal(CXoneErrorKind.TokenExpired, ex.Kind);
        Assert.Contains("this token cannot be refreshed; connect again with an access key", ex.Message);
        Assert.Equal(1, (await h.StatsAsync()).Grants("password")); // never refreshed by the session
        Assert.Equal(1, (await h.StatsAsync()).TokenRequests);
        h.AssertNoSecrets(ex, access);
    }

    [Fact]
    public async Task A_static_access_token_that_has_already_expired_is_refused_at_connect()
    {
        await using var h = await AuthHarness.StartAsync();
        var (access, _) = await h.RawPasswordGrantAsync();
        h.Clock.Advance(TimeSpan.FromHours(2));
        using var listen = h.Listen();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync(new StaticAccessTokenCredential(access)));

        Assert.Equal(CXoneErrorKind.TokenExpired, ex.Kind);
        Assert.Contains("cannot be refreshed", ex.Message);
        h.AssertNoSecrets(ex, access);
    }

    [Fact]
    public async Task A_static_token_without_a_readable_exp_says_so_and_is_used_as_is()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var options = h.Options(new StaticAccessTokenCredential("opaque-Canary-Token-0003"));
        options.ApiEndpoint = h.Emulator.ApiBaseUri;

        using var session = await CXoneSession.ConnectAsync(options);

        Assert.False(session.CanRefresh);
        var warning = Assert.Single(h.Reports.Warnings);
        Assert.Contains("no readable expiry", warning);
        Assert.Contains("cannot be refreshed", warning);
        Assert.Equal("opaque-Canary-Token-0003", (await session.GetTokenAsync()).Token);
        Assert.Equal(0, (await h.StatsAsync()).TokenRequests);
        h.AssertNoSecrets(null, "opaque-Canary-Token-0003");
    }

    [Fact]
    public async Task Client_secret_post_is_used_when_discovery_lists_only_it()
    {
        await using var h = await AuthHarness.StartAsync(o =>
        {
            o.ClientAuthMethodsAdvertised = new[] { "client_secret_post" };
            o.ClientAuthMethods = ClientAuthMethods.Post; // Basic would be refused
        });

        using var session = await h.ConnectAsync();

        Assert.Equal(ClientAuthenticationMethod.Post, session.ClientAuthentication);
        Assert.Equal(1, (await h.StatsAsync()).Grants("password"));
    }

    [Fact]
    public async Task Client_secret_post_is_used_when_asked_for()
    {
        await using var h = await AuthHarness.StartAsync(o => o.ClientAuthMethods = ClientAuthMethods.Post);
        var options = h.Options();
        options.ClientAuthentication = ClientAuthenticationMethod.Post;

        using var session = await CXoneSession.ConnectAsync(options);

        Assert.Equal(ClientAuthenticationMethod.Post, session.ClientAuthentication);
        Assert.Equal(1, (await h.StatsAsync()).Grants("password"));
    }

    [Fact]
    public async Task Basic_is_the_default_and_a_basic_only_client_is_refused_post()
    {
        await using var h = await AuthHarness.StartAsync(o => o.ClientAuthMethods = ClientAuthMethods.Basic);
        using (var session = await h.ConnectAsync())
        {
            Assert.Equal(ClientAuthenticationMethod.Basic, session.ClientAuthentication);
        }

        // The emulator really checks the method: Post against a Basic-only client fails as invalid_client.
        var options = h.Options();
        options.ClientAuthentication = ClientAuthenticationMethod.Post;
        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));
        Assert.Equal("invalid_client", ex.ErrorCode);
        h.AssertNoSecrets(ex);
    }
}
