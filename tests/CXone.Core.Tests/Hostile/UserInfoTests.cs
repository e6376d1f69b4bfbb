using System;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Hostile;

/// <summary>An address with user:password@ is refused before anything is sent, and no address is ever shown with it.</summary>
public sealed class UserInfoTests
{
    private const string Password = "UserInfo-Canary-Pw9";

    [Theory]
    [InlineData("issuer")]
    [InlineData("token")]
    [InlineData("api")]
    public async Task An_address_with_a_password_is_InvalidArgument_before_any_request(string which)
    {
        await using var h = await AuthHarness.StartAsync();
        using var listen = h.Listen();
        var withPassword = new UriBuilder(h.Issuer) { UserName = "admin", Password = Password }.Uri;
        var options = h.Options();
        switch (which)
        {
            case "issuer": options.Issuer = withPassword; break;
            case "token": options.TokenEndpoint = new Uri(withPassword, "auth/token"); break;
            default: options.ApiEndpoint = withPassword; break;
        }

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXone.Core.CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("user:password@", ex.Message);
        Assert.DoesNotContain(Password, ex.ToString());
        Assert.DoesNotContain(h.Reports.Lines, l => l.Contains(Password));
        Assert.Equal(0, (await h.StatsAsync()).TokenRequests + (await h.StatsAsync()).OidcRequests);
    }

    [Fact]
    public void A_safe_url_has_neither_query_nor_user_info()
    {
        Assert.Equal("https://host.example/a/b", Redactor.SafeUrl(new Uri("https://me:" + Password + "@host.example/a/b?sig=x")));
    }
}
