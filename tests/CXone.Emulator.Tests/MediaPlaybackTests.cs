using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using static CXone.Emulator.Tests.TestSupport;

namespace CXone.Emulator.Tests;

/// <summary>Issue point 5: media playback lookups, 404 shape, rate limit.</summary>
public sealed class MediaPlaybackTests
{
    [Fact]
    public async Task Recorded_contact_returns_interactions_with_a_storage_file_url()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var contact = emu.Data.Contacts.First(c => c.IsRecorded && c.Interactions.Count == 1);
        var j = await FirstRecordingAsync(http, emu, token, contact.ContactId);
        Assert.Equal(contact.ContactId.ToString(), j.GetProperty("contactId").GetString());
        Assert.Equal(contact.ContactId.ToString(), j.GetProperty("acdcontactId").GetString());
        Assert.False(j.GetProperty("elevatedInteraction").GetBoolean());
        var it = Assert.Single(j.GetProperty("interactions").EnumerateArray());
        Assert.Equal("voice-only", it.GetProperty("mediaType").GetString());
        Assert.True(it.TryGetProperty("channelType", out _));
        Assert.True(it.TryGetProperty("startTime", out _));
        Assert.True(it.TryGetProperty("endTime", out _));
        var data = it.GetProperty("data");
        var url = new Uri(data.GetProperty("fileToPlayUrl").GetString()!);
        Assert.Equal(emu.StorageBaseUri.Port, url.Port);
        Assert.NotEqual(emu.ApiBaseUri.Port, url.Port);
        Assert.Contains("expires=", url.Query);
        Assert.Contains("signature=", url.Query);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, data.GetProperty("videoImageUrl").ValueKind);
        Assert.True(data.TryGetProperty("acwEndTime", out _));
        Assert.True(data.GetProperty("participantDataList").GetArrayLength() > 0);
        Assert.Equal(contact.Interactions[0].SegmentId, data.GetProperty("segmentsDataList")[0].GetProperty("segmentId").GetString());
        Assert.Equal(1, emu.GetStats().Requests(MediaContactsRoute, 200));
    }

    [Fact]
    public async Task Contact_with_two_interactions_returns_both_and_media_type_filters()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var contact = emu.Data.Contacts.First(c => c.Interactions.Count == 2);
        var all = await FirstRecordingAsync(http, emu, token, contact.ContactId);
        var items = all.GetProperty("interactions").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.NotEqual(items[0].GetProperty("data").GetProperty("fileToPlayUrl").GetString(), items[1].GetProperty("data").GetProperty("fileToPlayUrl").GetString());
        Assert.Equal(new[] { "voice-only", "voice-and-screen" }, items.Select(i => i.GetProperty("mediaType").GetString()));

        using var voice = await GetAsync(http, Api(emu, $"media-playback/v1/contacts?acd-call-id={contact.ContactId}&media-type=voice-only"), token);
        Assert.Single((await JsonAsync(voice)).GetProperty("interactions").EnumerateArray());
        using var chat = await GetAsync(http, Api(emu, $"media-playback/v1/contacts?acd-call-id={contact.ContactId}&media-type=chat"), token);
        Assert.Equal(HttpStatusCode.NotFound, chat.StatusCode);
    }

    [Fact]
    public async Task Unknown_or_unrecorded_contact_is_404_interaction_not_found()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var unrecorded = emu.Data.Contacts.First(c => !c.IsRecorded).ContactId;
        foreach (var id in new[] { unrecorded, 123L })
        {
            using var r = await GetAsync(http, Api(emu, $"media-playback/v1/contacts?acd-call-id={id}&media-type=all"), token);
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            var j = await JsonAsync(r);
            Assert.Equal("Interaction not found", j.GetProperty("message").GetString());
            Assert.True(j.TryGetProperty("internalCode", out _));
        }

        Assert.Equal(2, emu.GetStats().Requests(MediaContactsRoute, 404));
    }

    [Fact]
    public async Task Segment_lookup_returns_that_interaction()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var contact = emu.Data.Contacts.First(c => c.Interactions.Count == 2);
        var seg = contact.Interactions[1].SegmentId;
        using var r = await GetAsync(http, Api(emu, $"media-playback/v1/segments/{seg}?media-type=all"), token);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var it = Assert.Single((await JsonAsync(r)).GetProperty("interactions").EnumerateArray());
        Assert.Equal("voice-and-screen", it.GetProperty("mediaType").GetString());
        using var missing = await GetAsync(http, Api(emu, $"media-playback/v1/segments/{Guid.Empty}"), token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Interaction not found", (await JsonAsync(missing)).GetProperty("message").GetString());
        var st = emu.GetStats();
        Assert.Equal(1, st.Requests("GET /media-playback/v1/segments/{segmentId}", 200));
        Assert.Equal(1, st.Requests("GET /media-playback/v1/segments/{segmentId}", 404));
    }

    [Fact]
    public async Task Wrapped_value_shape_is_available()
    {
        await using var emu = await StartAsync(configure: o => o.MediaPlaybackShape = MediaPlaybackShape.WrappedValue);
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var j = await FirstRecordingAsync(http, emu, token, emu.Data.RecordedContacts.First().ContactId);
        Assert.True(j.GetProperty("value").GetProperty("Interactions").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Media_playback_needs_a_bearer_token()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        using var r = await GetAsync(http, Api(emu, $"media-playback/v1/contacts?acd-call-id={emu.Data.RecordedContacts.First().ContactId}"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task Default_rate_limit_is_150_per_5_minutes_with_retry_after_seconds()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock);
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var url = Api(emu, $"media-playback/v1/contacts?acd-call-id={emu.Data.RecordedContacts.First().ContactId}");
        for (var i = 0; i < 150; i++)
        {
            using var ok = await GetAsync(http, url, token);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(100));
        using var limited = await GetAsync(http, url, token);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var j = await JsonAsync(limited);
        Assert.False(string.IsNullOrEmpty(j.GetProperty("message").GetString()));
        Assert.Equal("/media-playback/v1/contacts", j.GetProperty("route").GetString());
        Assert.Equal(TimeSpan.FromSeconds(200), limited.Headers.RetryAfter!.Delta);

        clock.Advance(TimeSpan.FromSeconds(200));
        using var again = await GetAsync(http, url, token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var st = emu.GetStats();
        Assert.Equal(1, st.Throttled);
        Assert.Equal(151, st.Requests(MediaContactsRoute, 200));
        Assert.Equal(1, st.Requests(MediaContactsRoute, 429));
    }

    [Theory]
    [InlineData(RetryAfterMode.HttpDate)]
    [InlineData(RetryAfterMode.None)]
    public async Task Rate_limit_retry_after_can_be_a_date_or_absent(RetryAfterMode mode)
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock, o =>
        {
            o.MediaPlaybackLimit = 3;
            o.MediaPlaybackWindow = TimeSpan.FromSeconds(60);
            o.RetryAfterMode = mode;
        });
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var url = Api(emu, $"media-playback/v1/segments/{emu.Data.RecordedContacts.First().Interactions[0].SegmentId}");
        for (var i = 0; i < 3; i++)
        {
            (await GetAsync(http, url, token)).Dispose();
        }

        using var limited = await GetAsync(http, url, token);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        if (mode == RetryAfterMode.HttpDate)
        {
            Assert.Equal(clock.GetUtcNow().AddSeconds(60), limited.Headers.RetryAfter!.Date);
        }
        else
        {
            Assert.Null(limited.Headers.RetryAfter);
        }

        Assert.Equal("/media-playback/v1/segments/{segmentId}", (await JsonAsync(limited)).GetProperty("route").GetString());
    }
}
