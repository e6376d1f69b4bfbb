using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Recordings;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.NetFx;

/// <summary>
/// A session's proxy carries discovery, token, API and storage requests; a 407 is not retried and names the proxy
/// and the parameter that gives credentials. The proxy here is a recording loopback forwarder (squid in Pester).
/// </summary>
public sealed class ProxyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cxone-proxy-").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    [Fact]
    public async Task Every_kind_of_request_goes_through_the_proxy()
    {
        await using var h = await AuthHarness.StartAsync();
        using var proxy = new LoopbackProxy(requireAuthentication: false);
        var options = h.Options();
        options.Proxy = new CXoneProxyOptions { Address = proxy.Address };

        using var session = await CXoneSession.ConnectAsync(options);
        await session.TestConnectionAsync(CancellationToken.None);
        var contact = h.Emulator.Data.RecordedContacts.First(c => c.ContactId != h.Emulator.Data.LargeRecordingContactId);
        var lookup = await session.Recordings.GetByContactAsync(contact.ContactId.ToString(), "all", CancellationToken.None);
        var saved = await session.Recordings.DownloadAsync(lookup.Recordings[0], new DownloadOptions { Folder = _folder }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Saved, saved.Status);
        var lines = proxy.Seen.Select(s => s.RequestLine).ToArray();
        Assert.Contains(lines, l => l.StartsWith("GET " + h.Issuer + ".well-known/openid-configuration", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("POST " + h.Issuer + "auth/token", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("GET " + h.Issuer + ".well-known/cxone-configuration", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("GET " + session.ApiEndpoint + "inContactAPI/services/", StringComparison.Ordinal) && l.Contains("/server-time"));
        Assert.Contains(lines, l => l.StartsWith("GET " + session.ApiEndpoint + "media-playback/v1/contacts", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("GET " + h.Emulator.StorageBaseUri + "storage/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_407_is_not_retried_and_says_which_proxy_wants_credentials()
    {
        await using var h = await AuthHarness.StartAsync();
        using var proxy = new LoopbackProxy(requireAuthentication: true);
        var options = h.Options();
        options.TimeProvider = TimeProvider.System;
        options.Http = new CXoneHttpOptions { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(10) };
        options.Proxy = new CXoneProxyOptions { Address = proxy.Address };

        var e = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.ProxyAuthenticationRequired, e.Kind);
        Assert.Equal(407, e.StatusCode);
        Assert.Contains("The proxy " + proxy.Address.AbsoluteUri.TrimEnd('/') + " asked for credentials", e.Message);
        Assert.Contains("none were given", e.Message);
        Assert.Contains("-ProxyCredential", e.RecommendedAction);
        Assert.Single(proxy.Seen);
        Assert.Equal(0, (await h.StatsAsync()).OidcRequests);
    }

    [Fact]
    public async Task Proxy_credentials_are_sent_and_refused_ones_are_named_without_the_password()
    {
        const string password = "Proxy+Canary/Pass==";
        await using var h = await AuthHarness.StartAsync();
        var accepted = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("corp\\svc:" + password));
        using var proxy = new LoopbackProxy(requireAuthentication: true) { AcceptedAuthorization = accepted };
        var good = h.Options();
        good.Proxy = new CXoneProxyOptions { Address = proxy.Address, Credential = new NetworkCredential("corp\\svc", password) };

        using (var session = await CXoneSession.ConnectAsync(good))
        {
            await session.TestConnectionAsync(CancellationToken.None);
        }

        Assert.Contains(proxy.Seen, s => s.ProxyAuthorization == accepted);
        var bad = h.Options();
        bad.Proxy = new CXoneProxyOptions { Address = proxy.Address, Credential = new NetworkCredential("corp\\svc", "wrong-" + password) };
        h.Cache.Clear();

        var e = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(bad));

        Assert.Equal(CXoneErrorKind.ProxyAuthenticationRequired, e.Kind);
        Assert.Contains("the credentials given were refused", e.Message);
        Assert.DoesNotContain(password, e.ToString());
    }

    [Fact]
    public async Task NoProxy_sends_every_request_directly()
    {
        await using var h = await AuthHarness.StartAsync();
        using var proxy = new LoopbackProxy(requireAuthentication: false);
        var options = h.Options();
        options.Proxy = new CXoneProxyOptions { NoProxy = true };

        using var session = await CXoneSession.ConnectAsync(options);
        await session.TestConnectionAsync(CancellationToken.None);

        Assert.Empty(proxy.Seen);
        Assert.Equal(1, (await h.StatsAsync()).OidcRequests);
    }

    [Theory]
    [InlineData("ftp://proxy.corp:21/")]
    [InlineData("http://user:pass@proxy.corp:3128/")]
    public async Task A_proxy_address_that_cannot_work_is_refused_before_anything_is_sent(string address)
    {
        await using var h = await AuthHarness.StartAsync();
        var options = h.Options();
        options.Proxy = new CXoneProxyOptions { Address = new Uri(address) };

        var e = await Assert.ThrowsAsync<CXoneException>(() => CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.InvalidArgument, e.Kind);
        Assert.DoesNotContain("pass@", e.Message);
        Assert.Equal(0, (await h.StatsAsync()).OidcRequests);
    }
}
