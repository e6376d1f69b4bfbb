using System.Net;
using CXone.Core.Http;

namespace CXone.Core.Tests.NetFx;

/// <summary>TLS 1.2 is added to what the process allows, nothing is removed, and only HttpWebRequest-based runtimes are touched.</summary>
public sealed class NetFrameworkDefaultsTests
{
    // The numeric values: Ssl3, Tls, Tls11 are obsolete names on .NET, and the defaults of old .NET Framework hosts.
    private const SecurityProtocolType Ssl3 = (SecurityProtocolType)48;
    private const SecurityProtocolType Tls10 = (SecurityProtocolType)192;
    private const SecurityProtocolType Tls11 = (SecurityProtocolType)768;
    private const SecurityProtocolType Tls13 = (SecurityProtocolType)12288;

    [Fact]
    public void Ssl3_and_Tls_gain_Tls12_and_keep_what_they_had()
    {
        Assert.Equal(Ssl3 | Tls10 | SecurityProtocolType.Tls12, NetFrameworkDefaults.WithModernTls(Ssl3 | Tls10, tls13Defined: false));
        Assert.Equal(Ssl3 | Tls10 | SecurityProtocolType.Tls12 | Tls13, NetFrameworkDefaults.WithModernTls(Ssl3 | Tls10, tls13Defined: true));
    }

    [Fact]
    public void SystemDefault_is_left_to_the_operating_system()
    {
        Assert.Equal(SecurityProtocolType.SystemDefault, NetFrameworkDefaults.WithModernTls(SecurityProtocolType.SystemDefault, tls13Defined: true));
    }

    [Fact]
    public void Flags_that_already_hold_Tls12_are_unchanged_apart_from_Tls13()
    {
        Assert.Equal(Tls11 | SecurityProtocolType.Tls12, NetFrameworkDefaults.WithModernTls(Tls11 | SecurityProtocolType.Tls12, tls13Defined: false));
        Assert.Equal(SecurityProtocolType.Tls12 | Tls13, NetFrameworkDefaults.WithModernTls(SecurityProtocolType.Tls12, tls13Defined: true));
    }

    [Theory]
    [InlineData(".NET Framework 4.8.9032.0", true)]
    [InlineData(".NET Framework 4.7.3190.0", true)]
    [InlineData("Mono 6.8.0.105 (Debian 6.8.0.105+dfsg-3.3 Wed Oct 23 10:51:14 UTC 2024)", true)]
    [InlineData(".NET 10.0.0", false)]
    [InlineData(".NET Core 3.1.32", false)]
    [InlineData(null, false)]
    public void Only_HttpWebRequest_based_runtimes_are_changed(string? description, bool changed)
    {
        Assert.Equal(changed, NetFrameworkDefaults.UsesServicePoints(description));
    }

    [Fact]
#pragma warning disable SYSLIB0014 // the settings under test are ServicePointManager's, which .NET marks obsolete
    public void On_modern_dotnet_the_process_settings_stay_as_they_were()
    {
        var before = ServicePointManager.SecurityProtocol;
        var limit = ServicePointManager.DefaultConnectionLimit;

        Assert.False(NetFrameworkDefaults.EnsureApplied());

        Assert.Equal(before, ServicePointManager.SecurityProtocol);
        Assert.Equal(limit, ServicePointManager.DefaultConnectionLimit);
    }
#pragma warning restore SYSLIB0014

    [Fact]
    public void The_connection_limit_exceeds_the_largest_ThrottleLimit()
    {
        var largest = 32;
        Assert.Throws<CXone.Core.Errors.CXoneException>(() => new CXone.Core.Recordings.DownloadOptions { ThrottleLimit = largest + 1 });
        Assert.True(NetFrameworkDefaults.ConnectionLimit >= largest + 8);
    }
}
