using System;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Hostile;

/// <summary>
/// A discovery document that names another issuer, or puts its token or authorization endpoint on another host, is
/// not trusted: the credential is never posted to that host unless the user named the endpoint explicitly.
/// </summary>
public sealed class DiscoveryTrustTests
{
    private static string Document(string issuer, string tokenEndpoint, string authorize) =>
        "{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + tokenEndpoint + "\",\"authorization_endpoint\":\"" + authorize + "\"," +
        "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"]}";

    [Theory]
    [InlineData("otherIssuer", "names another issuer")]
    [InlineData("tokenElsewhere", "token_endpoint on another host")]
    [InlineData("authorizeElsewhere", "authorization_endpoint on another host")]
    public async Task The_credential_is_not_sent_to_a_host_the_issuer_did_not_vouch_for(string shape, string problem)
    {
        await using var h = await AuthHarness.StartAsync();
        using var elsewhere = new CannedHttpServer(200, "application/json", "{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        CannedHttpServer? issuer = null;
        issuer = new CannedHttpServer(_ =>
        {
            var self = issuer!.BaseUri.ToString().TrimEnd('/');
            var other = elsewhere.BaseUri.ToString().TrimEnd('/');
            return (200, "application/json", shape switch
            {
                "otherIssuer" => Document(other, self + "/auth/token", self + "/auth/authorize"),
                "tokenElsewhere" => Document(self, other + "/auth/token", self + "/auth/authorize"),
                _ => Document(self, self + "/auth/token", other + "/auth/authorize"),
            });
        });
        using var _ = issuer;
        using var listen = h.Listen();
        var options = h.Options();
        options.Issuer = issuer.BaseUri;

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXone.Core.CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains(problem, ex.Message);
        Assert.Equal(0, elsewhere.Requests);
        Assert.Equal(1, issuer.Requests); // the discovery document only: no token request anywhere
        h.AssertNoSecrets(ex);
    }

    [Fact]
    public async Task An_issuer_spelled_with_other_case_or_a_trailing_slash_is_the_same_issuer()
    {
        await using var h = await AuthHarness.StartAsync();
        var options = h.Options();
        options.Issuer = new Uri(h.Issuer.ToString().TrimEnd('/').Replace("http://", "HTTP://"));

        using var session = await CXone.Core.CXoneSession.ConnectAsync(options);

        Assert.Equal(1, (await h.StatsAsync()).TokenRequests);
    }
}
