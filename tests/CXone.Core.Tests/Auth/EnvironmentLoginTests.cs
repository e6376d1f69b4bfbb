using System;
using System.Collections;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Auth;

/// <summary>Environment login for CI: CXONE_* variables, in the documented order; missing ones named, never their values.</summary>
public sealed class EnvironmentLoginTests
{
    [Fact]
    public async Task The_environment_connects_with_an_access_key()
    {
        await using var h = await AuthHarness.StartAsync();
        var o = h.Emulator.Options;
        var options = CXoneSessionOptions.FromEnvironment(new Hashtable
        {
            ["CXONE_ISSUER"] = h.Issuer.AbsoluteUri,
            ["CXONE_CLIENT_ID"] = o.ClientId,
            ["CXONE_CLIENT_SECRET"] = o.ClientSecret,
            ["CXONE_ACCESS_KEY_ID"] = o.AccessKeyId,
            ["CXONE_ACCESS_KEY_SECRET"] = o.AccessKeySecret,
            ["CXONE_USERNAME"] = o.Username,
            ["CXONE_PASSWORD"] = AuthHarness.WrongSecret, // the access key wins
        });
        options.TimeProvider = h.Clock;
        options.DiscoveryCache = h.Cache;

        using var session = await CXoneSession.ConnectAsync(options);

        Assert.Equal(CXoneCredentialKind.AccessKey, session.CredentialKind);
        Assert.Equal(h.Emulator.ApiBaseUri, session.ApiEndpoint);
        Assert.Equal(1, (await h.StatsAsync()).Grants("password"));
    }

    [Fact]
    public void Username_and_password_are_used_when_no_access_key_is_set_and_overrides_are_read()
    {
        var options = CXoneSessionOptions.FromEnvironment(new Hashtable
        {
            ["CXONE_ENVIRONMENT"] = "fedramp",
            ["CXONE_CLIENT_ID"] = "client",
            ["CXONE_CLIENT_SECRET"] = AuthHarness.CanaryClientSecret,
            ["CXONE_USERNAME"] = "ci@example.com",
            ["CXONE_PASSWORD"] = AuthHarness.CanaryPassword,
            ["CXONE_API_ENDPOINT"] = "https://api-na2.example.com",
            ["CXONE_TOKEN_ENDPOINT"] = "https://auth.example.com/auth/token",
        });

        Assert.IsType<UsernamePasswordCredential>(options.Credential);
        Assert.Equal(new Uri("https://cxone-gov.niceincontact.com/"), options.ResolveIssuer());
        Assert.Equal(new Uri("https://api-na2.example.com"), options.ApiEndpoint);
        Assert.Equal(new Uri("https://auth.example.com/auth/token"), options.TokenEndpoint);
        Assert.DoesNotContain(AuthHarness.CanaryPassword, options.Credential!.ToString());
    }

    [Fact]
    public void CXONE_ISSUER_wins_over_CXONE_ENVIRONMENT_and_is_not_checked_until_connect()
    {
        var options = CXoneSessionOptions.FromEnvironment(new Hashtable
        {
            ["CXONE_ISSUER"] = "https://sovereign.example",
            ["CXONE_ENVIRONMENT"] = "FedRAMP",
            ["CXONE_CLIENT_ID"] = "client",
            ["CXONE_CLIENT_SECRET"] = AuthHarness.CanaryClientSecret,
            ["CXONE_ACCESS_KEY_ID"] = "KEYID=",
            ["CXONE_ACCESS_KEY_SECRET"] = AuthHarness.CanaryAccessKeySecret,
        });

        Assert.Equal(new Uri("https://sovereign.example/"), options.ResolveIssuer());
        Assert.IsType<AccessKeyCredential>(options.Credential);
        Assert.Equal("client", options.ClientId);
        Assert.Null(options.ApiEndpoint);
        Assert.Null(options.TokenEndpoint);
    }

    [Fact]
    public void Half_an_access_key_names_the_missing_half_even_when_a_password_is_set()
    {
        var ex = Assert.Throws<CXoneException>(() => CXoneSessionOptions.FromEnvironment(new Hashtable
        {
            ["CXONE_CLIENT_ID"] = "client",
            ["CXONE_CLIENT_SECRET"] = AuthHarness.CanaryClientSecret,
            ["CXONE_ACCESS_KEY_ID"] = "KEYID=",
            ["CXONE_USERNAME"] = "ci@example.com",
            ["CXONE_PASSWORD"] = AuthHarness.CanaryPassword,
            ["CXONE_API_ENDPOINT"] = "not a uri",
        }));

        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("missing: CXONE_ACCESS_KEY_SECRET", ex.Message);
        Assert.Contains("unusable: CXONE_API_ENDPOINT", ex.Message);
        Assert.DoesNotContain("not a uri", ex.ToString());
        Assert.DoesNotContain("KEYID=", ex.ToString());
        Assert.DoesNotContain(AuthHarness.CanaryPassword, ex.ToString());
        Assert.DoesNotContain(AuthHarness.CanaryClientSecret, ex.ToString());
    }

    [Fact]
    public void Missing_variables_give_one_error_naming_them_all_and_no_value()
    {
        var ex = Assert.Throws<CXoneException>(() => CXoneSessionOptions.FromEnvironment(new Hashtable
        {
            ["CXONE_CLIENT_SECRET"] = AuthHarness.CanaryClientSecret,
            ["CXONE_ACCESS_KEY_SECRET"] = AuthHarness.CanaryAccessKeySecret,
            ["CXONE_ENVIRONMENT"] = "Mars",
        }));

        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("CXONE_CLIENT_ID", ex.Message);
        Assert.Contains("CXONE_ACCESS_KEY_ID", ex.Message);
        Assert.Contains("CXONE_ENVIRONMENT", ex.Message);
        Assert.DoesNotContain("CXONE_CLIENT_SECRET,", ex.Message);
        Assert.DoesNotContain("Mars", ex.ToString());
        foreach (var secret in new[] { AuthHarness.CanaryClientSecret, AuthHarness.CanaryAccessKeySecret })
        {
            Assert.DoesNotContain(secret, ex.ToString());
        }
    }

    [Fact]
    public void An_empty_environment_names_the_client_and_a_credential()
    {
        var ex = Assert.Throws<CXoneException>(() => CXoneSessionOptions.FromEnvironment(new Hashtable { ["CXONE_PASSWORD"] = "  " }));

        Assert.Contains("CXONE_CLIENT_ID", ex.Message);
        Assert.Contains("CXONE_CLIENT_SECRET", ex.Message);
        Assert.Contains("CXONE_ACCESS_KEY_ID", ex.Message);
        Assert.Contains("CXONE_USERNAME", ex.Message);
    }
}
