using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth;

/// <summary>
/// Acceptance: each credential source fails with the documented error, and the canary: no known secret appears
/// in any exception text or reported line.
/// </summary>
public sealed class TokenEndpointFailureTests
{
    [Fact]
    public async Task Wrong_client_secret_is_invalid_client_with_the_registration_advice()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var options = h.Options();
        options.ClientSecret = AuthHarness.WrongSecret;

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Equal("CXone.AuthenticationFailed", ex.ErrorId);
        Assert.Equal("invalid_client", ex.ErrorCode);
        Assert.True(ex.StatusCode is 400 or 401);
        Assert.Equal(h.Host, ex.Host);
        Assert.Contains(h.Host, ex.Message);
        Assert.Contains("client id and client secret", ex.RecommendedAction);
        Assert.Equal(1, (await h.StatsAsync()).GrantFailures("password"));
        h.AssertNoSecrets(ex);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Wrong_access_key_is_invalid_grant_saying_the_key_is_wrong_disabled_or_expired(bool camelCaseDescription)
    {
        await using var h = await AuthHarness.StartAsync(o => o.UseCamelCaseErrorDescription = camelCaseDescription);
        using var listen = h.Listen();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync(new AccessKeyCredential(h.Emulator.Options.AccessKeyId, AuthHarness.WrongSecret)));

        Assert.Equal(CXoneErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Equal("invalid_grant", ex.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.ErrorDescription)); // read from error_description or errorDescription
        Assert.Contains(ex.ErrorDescription!, ex.Message);
        Assert.Contains("access key is wrong, disabled or expired", ex.RecommendedAction);
        Assert.Equal(h.Host, ex.Host);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Wrong_key_id_is_invalid_grant()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync(new AccessKeyCredential("NOSUCHKEYID0000=", h.Emulator.Options.AccessKeySecret)));

        Assert.Equal(CXoneErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Equal("invalid_grant", ex.ErrorCode);
        Assert.Contains("access key", ex.RecommendedAction);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Wrong_password_is_invalid_grant_about_the_username_or_password()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync(new UsernamePasswordCredential(h.Emulator.Options.Username, AuthHarness.WrongSecret)));

        Assert.Equal(CXoneErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Equal("invalid_grant", ex.ErrorCode);
        Assert.Contains("username or password", ex.RecommendedAction);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Client_credentials_on_an_issuer_that_refuses_them_recommend_an_access_key()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync(new ClientCredentialsCredential()));

        Assert.Equal(CXoneErrorKind.UnsupportedGrant, ex.Kind);
        Assert.Equal("unsupported_grant_type", ex.ErrorCode);
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("does not accept client credentials: use an access key", ex.RecommendedAction);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task An_html_502_is_an_invalid_response_quoting_at_most_200_sanitized_characters()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        await h.FaultAsync(new { route = "POST /auth/token", kind = "html502", count = 1 });

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync());

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(502, ex.StatusCode);
        Assert.Equal(h.Host, ex.Host);
        Assert.NotNull(ex.ErrorDescription);
        Assert.True(ex.ErrorDescription!.Length <= 203, "excerpt too long: " + ex.ErrorDescription.Length);
        Assert.Contains("<", ex.ErrorDescription);
        Assert.Contains(ex.ErrorDescription, ex.Message);
        Assert.Equal(1, (await h.StatsAsync()).TokenRequests);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Malformed_json_is_an_invalid_response()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        await h.FaultAsync(new { route = "POST /auth/token", kind = "malformedJson", count = 1 });

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync());

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(200, ex.StatusCode);
        Assert.Contains("not JSON", ex.Message);
        h.AssertNoSecrets(ex);
    }

    [Theory]
    [InlineData("{\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"r-CanaryRefresh-0001\"}", "no access_token")]
    [InlineData("{\"access_token\":\"a-CanaryAccess-0001\",\"token_type\":\"Bearer\"}", "no expires_in")]
    [InlineData("{\"access_token\":\"a-CanaryAccess-0001\",\"token_type\":\"Bearer\",\"expires_in\":\"soon\"}", "not a whole number")]
    [InlineData("{\"access_token\":\"a-CanaryAccess-0001\",\"token_type\":\"Bearer\",\"expires_in\":true}", "not a whole number")]
    public async Task A_token_answer_without_access_token_or_a_numeric_expires_in_is_an_invalid_response(string body, string problem)
    {
        await using var h = await AuthHarness.StartAsync();
        using var server = new CannedHttpServer(200, "application/json", body);
        using var listen = h.Listen();
        var options = h.Options();
        options.TokenEndpoint = new Uri(server.BaseUri, "auth/token");

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains(problem, ex.Message);
        Assert.Equal(server.BaseUri.Authority, ex.Host);
        Assert.Equal(1, server.Requests);
        h.AssertNoSecrets(ex, "a-CanaryAccess-0001", "r-CanaryRefresh-0001");
    }

    [Fact]
    public async Task A_single_503_from_the_token_endpoint_at_connect_is_retried_and_the_connect_succeeds()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        await h.FaultAsync(new { route = "POST /auth/token", kind = "503", count = 1 });
        var options = h.Options();
        options.Http.MaxRetries = 5; // the default (the harness turns retries off)

        var connect = CXoneSession.ConnectAsync(options);
        await h.AdvanceUntilDoneAsync(connect, TimeSpan.FromSeconds(1));
        using var session = await connect;

        Assert.Equal(2, (await h.StatsAsync()).TokenRequests); // a failed grant issued nothing: sent again
        Assert.Equal(1, (await h.StatsAsync()).Grants("password"));
    }

    [Fact]
    public async Task A_token_endpoint_that_stays_down_is_a_server_error_after_the_retries()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        await h.FaultAsync(new { tokenEndpointDownSeconds = 3600 });
        var options = h.Options();
        options.Http.MaxRetries = 2;

        var connect = CXoneSession.ConnectAsync(options);
        await h.AdvanceUntilDoneAsync(connect, TimeSpan.FromSeconds(1));
        var ex = await Assert.ThrowsAsync<CXoneException>(() => connect);

        Assert.Equal(CXoneErrorKind.ServerError, ex.Kind);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(h.Host, ex.Host);
        Assert.Contains("try again later", ex.RecommendedAction);
        Assert.Equal(3, (await h.StatsAsync()).TokenRequests);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task A_hung_token_endpoint_times_out_naming_the_host_and_the_time_waited()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        await h.FaultAsync(new { route = "POST /auth/token", latencyMs = 30000 });
        var options = h.Options();
        options.TokenEndpoint = new Uri(h.Issuer, "auth/token");
        options.ApiEndpoint = h.Emulator.ApiBaseUri;
        options.TokenRequestTimeout = TimeSpan.FromSeconds(20);

        var connect = CXoneSession.ConnectAsync(options);
        await h.AdvanceUntilDoneAsync(connect, TimeSpan.FromSeconds(21));
        var ex = await Assert.ThrowsAsync<CXoneException>(() => connect);

        Assert.Equal(CXoneErrorKind.Timeout, ex.Kind);
        Assert.Equal(h.Host, ex.Host);
        Assert.Contains(h.Host, ex.Message);
        Assert.Contains("within 20 s", ex.Message);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task An_unreachable_token_endpoint_is_a_network_failure_naming_the_host()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = h.Options();
        options.TokenEndpoint = new Uri($"http://127.0.0.1:{closedPort}/auth/token");

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.NetworkFailure, ex.Kind);
        Assert.Equal($"127.0.0.1:{closedPort}", ex.Host);
        Assert.Contains($"127.0.0.1:{closedPort}", ex.Message);
        Assert.Matches(@"after \d+(\.\d)? s", ex.Message);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task A_dropped_connection_at_the_token_endpoint_is_a_network_failure()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        await h.FaultAsync(new { route = "POST /auth/token", kind = "dropConnection", count = 1 });

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync());

        Assert.True(ex.Kind is CXoneErrorKind.NetworkFailure or CXoneErrorKind.InvalidResponse, "kind " + ex.Kind);
        Assert.Equal(h.Host, ex.Host);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task A_wrong_client_in_the_code_flow_fails_without_leaking_the_code_or_secrets()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var options = h.Options(new AuthorizationCodeCredential(new AuthorizationCodeOptions { Launcher = new HeadlessBrowser() }));
        options.ClientSecret = AuthHarness.WrongSecret;

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Equal("invalid_client", ex.ErrorCode);
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Refused_refresh_token_the_user_brings_is_authentication_failed()
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var (_, refresh) = await h.RawPasswordGrantAsync();
        await h.FaultAsync(new { revokeAllTokens = true });

        var ex = await Assert.ThrowsAsync<CXoneException>(() => h.ConnectAsync(new RefreshTokenCredential(refresh)));

        Assert.Equal(CXoneErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Equal("invalid_grant", ex.ErrorCode);
        Assert.Contains("refresh token", ex.RecommendedAction);
        h.AssertNoSecrets(ex, refresh);
    }
}
