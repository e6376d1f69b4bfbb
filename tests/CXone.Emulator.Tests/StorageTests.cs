using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading.Tasks;
using static CXone.Emulator.Tests.TestSupport;

namespace CXone.Emulator.Tests;

/// <summary>Issue point 6: the storage listener.</summary>
public sealed class StorageTests
{
    private static async Task<(Uri Url, EmulatorContact Contact)> FileUrlAsync(HttpClient http, CXoneEmulator emu, long? contactId = null)
    {
        var token = await AccessTokenAsync(http, emu);
        var contact = contactId is { } id ? emu.Data.FindContact(id)! : emu.Data.Contacts.First(c => c.IsRecorded && c.ContactId != emu.Data.LargeRecordingContactId);
        var j = await FirstRecordingAsync(http, emu, token, contact.ContactId);
        return (new Uri(j.GetProperty("interactions")[0].GetProperty("data").GetProperty("fileToPlayUrl").GetString()!), contact);
    }

    [Fact]
    public async Task File_downloads_without_a_token_with_content_length_and_deterministic_bytes()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var (url, contact) = await FileUrlAsync(http, emu);
        using var r = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("video/mp4", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal(256 * 1024, r.Content.Headers.ContentLength);
        Assert.Contains("bytes", r.Headers.AcceptRanges);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        Assert.Equal(emu.Data.ExpectedSha256(contact.ContactId), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(EmulatorData.GetRecordingBytes(contact.Interactions[0].FileId, 256 * 1024), bytes);
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(bytes, 4, 4));
        var st = emu.GetStats();
        Assert.Equal(1, st.StorageRequests);
        Assert.Equal(256 * 1024, st.StorageBytesServed);
        Assert.Equal(1, st.Requests(StorageRoute, 200));
    }

    [Fact]
    public async Task Request_with_authorization_header_is_rejected_and_counted()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var (url, _) = await FileUrlAsync(http, emu);
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenAsync(http, emu));
        using var r = await http.SendAsync(req);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var st = emu.GetStats();
        Assert.Equal(1, st.StorageRequestsWithAuthorization);
        Assert.Equal(0, st.StorageBytesServed);
        Assert.Equal(1, st.Requests(StorageRoute, 400));
    }

    [Fact]
    public async Task Signed_url_expires_after_15_minutes_and_tampering_is_refused()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock);
        using var http = Client();
        var (url, _) = await FileUrlAsync(http, emu);
        var tampered = new Uri(url.ToString().Replace("expires=", "expires=9", StringComparison.Ordinal));
        using (var t = await http.GetAsync(tampered))
        {
            Assert.Equal(HttpStatusCode.Forbidden, t.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        using (var ok = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        using var expired = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Equal(2, emu.GetStats().Requests(StorageRoute, 403));
    }

    [Theory]
    [InlineData("bytes=1000-1999", 1000L, 1999L)]
    [InlineData("bytes=262000-", 262000L, 262143L)]
    [InlineData("bytes=-100", 262044L, 262143L)]
    [InlineData("bytes=262100-999999", 262100L, 262143L)]
    public async Task Range_requests_answer_206_with_content_range(string range, long from, long to)
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var (url, contact) = await FileUrlAsync(http, emu);
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        req.Headers.TryAddWithoutValidation("Range", range);
        using var r = await http.SendAsync(req);
        Assert.Equal(HttpStatusCode.PartialContent, r.StatusCode);
        Assert.Equal($"bytes {from}-{to}/262144", r.Content.Headers.ContentRange!.ToString());
        Assert.Equal(to - from + 1, r.Content.Headers.ContentLength);
        var expected = new byte[to - from + 1];
        EmulatorData.FillRecordingBytes(contact.Interactions[0].FileId, from, expected);
        Assert.Equal(expected, await r.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, emu.GetStats().Requests(StorageRoute, 206));
    }

    [Fact]
    public async Task Unsatisfiable_range_is_416()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var (url, _) = await FileUrlAsync(http, emu);
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        req.Headers.Range = new RangeHeaderValue(300_000, null);
        using var r = await http.SendAsync(req);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, r.StatusCode);
        Assert.Equal("bytes */262144", r.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Head_gives_the_length_without_a_body()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var (url, _) = await FileUrlAsync(http, emu);
        using var r = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(256 * 1024, r.Content.Headers.ContentLength);
        Assert.Equal(0, emu.GetStats().StorageBytesServed);
        Assert.Equal(1, emu.GetStats().Requests("HEAD /storage/{fileId}", 200));
    }

    [Fact]
    public async Task Large_recording_is_1_GiB_streamed_on_the_fly()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var (url, contact) = await FileUrlAsync(http, emu, emu.Data.LargeRecordingContactId);
        const long size = 1L << 30;
        var fileId = contact.Interactions[0].FileId;

        using (var r = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(size, r.Content.Headers.ContentLength);
            await using var s = await r.Content.ReadAsStreamAsync();
            var head = new byte[1 << 20];
            await s.ReadExactlyAsync(head);
            var expected = new byte[head.Length];
            EmulatorData.FillRecordingBytes(fileId, 0, expected);
            Assert.Equal(expected, head);
        }

        using var tailReq = new HttpRequestMessage(HttpMethod.Get, url);
        tailReq.Headers.Range = new RangeHeaderValue(size - 4096, null);
        using var tail = await http.SendAsync(tailReq);
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        var tailBytes = await tail.Content.ReadAsByteArrayAsync();
        var expectedTail = new byte[4096];
        EmulatorData.FillRecordingBytes(fileId, size - 4096, expectedTail);
        Assert.Equal(expectedTail, tailBytes);

        // the server generated only what the socket took, not the whole gigabyte
        Assert.InRange(emu.GetStats().StorageBytesServed, (1 << 20) + 4096, 256L << 20);
    }

    [Fact]
    public async Task Large_recording_downloads_in_full_without_the_server_holding_it_in_memory()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var (url, contact) = await FileUrlAsync(http, emu, emu.Data.LargeRecordingContactId);
        const long size = 1L << 30;
        var fileId = contact.Interactions[0].FileId;
        var buf = new byte[1 << 20];
        var expected = new byte[buf.Length];
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long got = 0;
        long nextCheck = 0;
        var checks = 0;
        using (var r = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(size, r.Content.Headers.ContentLength);
            await using var s = await r.Content.ReadAsStreamAsync();
            int n;
            while ((n = await s.ReadAsync(buf)) > 0)
            {
                // spot-check the bytes about every 64 MiB (cheap), count them all
                if (got >= nextCheck)
                {
                    EmulatorData.FillRecordingBytes(fileId, got, expected.AsSpan(0, n));
                    Assert.True(expected.AsSpan(0, n).SequenceEqual(buf.AsSpan(0, n)), $"bytes at {got}");
                    nextCheck += 64L << 20;
                    checks++;
                }

                got += n;
            }
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.Equal(size, got);
        Assert.Equal(16, checks);
        Assert.Equal(size, emu.GetStats().StorageBytesServed);
        Assert.Equal(1, emu.GetStats().Requests(StorageRoute, 200));

        // The whole test process (server, this client, and tests running in parallel) allocated far less than the
        // file while it streamed (about 16 MiB measured): the server never held the gigabyte in memory.
        Assert.True(allocated < 512L << 20, $"allocated {allocated} bytes for a {size} byte download in {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Fill_is_random_access_consistent()
    {
        var whole = EmulatorData.GetRecordingBytes("600000000001-0", 1000);
        var part = new byte[333];
        EmulatorData.FillRecordingBytes("600000000001-0", 17, part);
        Assert.Equal(whole.Skip(17).Take(333), part);
        Assert.NotEqual(whole, EmulatorData.GetRecordingBytes("600000000001-1", 1000));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(whole)), EmulatorData.ComputeSha256("600000000001-0", 1000));
    }

    [Fact]
    public async Task Listeners_are_separate()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var (url, _) = await FileUrlAsync(http, emu);
        var onApi = new UriBuilder(url) { Port = emu.ApiBaseUri.Port }.Uri;
        using (var r = await http.GetAsync(onApi))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }

        using var d = await http.GetAsync(new Uri(emu.StorageBaseUri, ".well-known/openid-configuration"));
        Assert.Equal(HttpStatusCode.NotFound, d.StatusCode);
        using var unknown = await http.GetAsync(new Uri(emu.StorageBaseUri, "storage/nope?expires=1&signature=x"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Recording_size_comes_from_options()
    {
        await using var emu = await StartAsync(configure: o => o.DefaultRecordingBytes = 1000);
        using var http = Client();
        var (url, contact) = await FileUrlAsync(http, emu);
        var bytes = await http.GetByteArrayAsync(url);
        Assert.Equal(1000, bytes.Length);
        Assert.Equal(1000, contact.RecordingBytes);
    }
}
