using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Recordings;
using CXone.Core.Tests.Requests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Recordings;

/// <summary>Media playback lookups: typed recordings, the not-found outcome, the client-side rate limit.</summary>
public sealed class RecordingLookupTests
{
    [Theory]
    [InlineData(MediaPlaybackShape.Plain)]
    [InlineData(MediaPlaybackShape.WrappedValue)]
    public async Task A_lookup_returns_one_typed_recording_per_interaction(MediaPlaybackShape shape)
    {
        await using var w = await RequestsWorld.StartAsync(e => e.MediaPlaybackShape = shape);
        var seed = w.Emu.Data.RecordedContacts.First(c => c.Interactions.Count == 2);
        var agent = w.Emu.Data.Agents.Single(a => a.AgentId == seed.AgentId);

        var lookup = await w.Recordings.GetByContactAsync(seed.ContactId.ToString(), "all", CancellationToken.None);

        Assert.True(lookup.Found);
        Assert.Null(lookup.NotFoundReason);
        Assert.Equal(2, lookup.Recordings.Count);
        for (var i = 0; i < 2; i++)
        {
            var r = lookup.Recordings[i];
            var it = seed.Interactions[i];
            Assert.Equal(seed.ContactId.ToString(), r.ContactId);
            Assert.Equal(seed.ContactId.ToString(), r.AcdContactId);
            Assert.Equal(seed.ContactId.ToString(), r.MasterContactId);
            Assert.Equal(i, r.InteractionIndex);
            Assert.Equal(it.MediaType, r.MediaType);
            Assert.Equal(i == 0 ? "Voice" : "VoiceAndScreen", r.ChannelType);
            Assert.Equal(it.StartTime, r.StartTime);
            Assert.Equal(it.EndTime, r.EndTime);
            Assert.Equal(it.EndTime - it.StartTime, r.Duration);
            Assert.Equal(seed.AgentId.ToString(), r.AgentId);
            Assert.Equal(agent.FirstName + " " + agent.LastName, r.AgentName);
            Assert.Equal(new[] { it.SegmentId }, r.SegmentIds);
            Assert.Equal(w.Emu.StorageBaseUri.Authority, r.FileUrl!.Authority);
            Assert.Contains("signature=", r.FileUrl.Query);
            Assert.DoesNotContain("signature", r.ToString());
            Assert.DoesNotContain("?", r.ToString());
            Assert.Contains(r.FileUrl.AbsolutePath, r.ToString());

            // What PowerShell's ConvertTo-Json / Export-Csv / Format-List * would show: the public properties.
            var shown = System.Text.Json.JsonSerializer.Serialize(r);
            Assert.DoesNotContain("signature", shown);
            Assert.DoesNotContain("expires=", shown);
            Assert.Equal(w.Emu.StorageBaseUri.GetLeftPart(UriPartial.Authority) + r.FileUrl.AbsolutePath, r.FileLocation);
            Assert.Equal(r.FileUrl, r.GetFileUrl());
        }

        var sent = Assert.Single(w.ApiWire.Requests);
        Assert.Equal("/media-playback/v1/contacts", sent.Uri.AbsolutePath);
        Assert.Contains("acd-call-id=" + seed.ContactId, sent.Uri.Query);
        Assert.Contains("media-type=all", sent.Uri.Query);
        Assert.Contains("exclude-waveforms=true", sent.Uri.Query);
        Assert.Contains("exclude-qm-categories=true", sent.Uri.Query);
    }

    [Fact]
    public async Task A_media_type_filter_and_a_segment_lookup_return_only_that_interaction()
    {
        await using var w = await RequestsWorld.StartAsync();
        var seed = w.Emu.Data.RecordedContacts.First(c => c.Interactions.Count == 2);

        var voice = await w.Recordings.GetByContactAsync(seed.ContactId.ToString(), "voice-only", CancellationToken.None);
        var segment = await w.Recordings.GetBySegmentAsync(seed.Interactions[1].SegmentId, "all", CancellationToken.None);

        Assert.Equal("voice-only", Assert.Single(voice.Recordings).MediaType);
        var s = Assert.Single(segment.Recordings);
        Assert.Equal("voice-and-screen", s.MediaType);
        Assert.Equal(seed.ContactId.ToString(), s.ContactId);
        Assert.True(s.FromSegmentLookup);
        Assert.Equal(new[] { seed.Interactions[1].SegmentId }, s.SegmentIds);
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.MediaSegments, 200));
    }

    [Fact]
    public async Task A_missing_recording_is_a_not_found_outcome_with_the_explanation_not_an_exception()
    {
        await using var w = await RequestsWorld.StartAsync();
        var unrecorded = w.Emu.Data.Contacts.First(c => !c.IsRecorded).ContactId.ToString();

        var none = await w.Recordings.GetByContactAsync(unrecorded, "all", CancellationToken.None);
        var unknown = await w.Recordings.GetByContactAsync("1", "all", CancellationToken.None);
        var segment = await w.Recordings.GetBySegmentAsync(Guid.NewGuid().ToString(), "all", CancellationToken.None);

        foreach (var l in new[] { none, unknown, segment })
        {
            Assert.False(l.Found);
            Assert.Empty(l.Recordings);
            Assert.StartsWith(RecordingLookup.NotFoundExplanation, l.NotFoundReason);
            Assert.Contains("older than 2018-12-13", l.NotFoundReason);
            Assert.Contains("Interaction not found", l.NotFoundReason);
        }

        Assert.Equal(unrecorded, none.ContactId);
        var stats = w.Emu.GetStats();
        Assert.Equal(2, stats.Requests(Routes.MediaContacts, 404)); // 404 is not retried
        Assert.Equal(2, stats.Requests(Routes.MediaContacts));
        Assert.Equal(1, stats.Requests(Routes.MediaSegments, 404));
    }

    [Fact]
    public async Task Bad_input_is_refused_before_any_request()
    {
        await using var w = await RequestsWorld.StartAsync();

        var empty = await Assert.ThrowsAsync<CXoneException>(() => w.Recordings.GetByContactAsync(" ", "all", CancellationToken.None));
        var type = await Assert.ThrowsAsync<CXoneException>(() => w.Recordings.GetByContactAsync("123", "video", CancellationToken.None));

        Assert.Equal(CXoneErrorKind.InvalidArgument, empty.Kind);
        Assert.Equal(CXoneErrorKind.InvalidArgument, type.Kind);
        Assert.Contains("voice-only", type.RecommendedAction);
        Assert.Equal(0, w.Emu.GetStats().TotalRequests);
    }

    [Fact]
    public async Task The_client_rate_limit_waits_on_the_clock_so_the_server_never_throttles_and_the_wait_is_cancellable()
    {
        await using var w = await RequestsWorld.StartAsync(
            e => { e.MediaPlaybackLimit = 3; e.MediaPlaybackWindow = TimeSpan.FromMinutes(1); },
            h => { h.MediaPlaybackPermits = 3; h.MediaPlaybackWindow = TimeSpan.FromMinutes(1); });
        var id = w.Emu.Data.RecordedContacts.First().ContactId.ToString();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await w.Recordings.GetByContactAsync(id, "all", CancellationToken.None)).Found);
        }

        // The fourth waits for the window to pass on the (frozen) clock: it is not sent, and cancelling ends the wait.
        using var cts = new CancellationTokenSource();
        var waiting = w.Recordings.GetByContactAsync(id, "all", cts.Token);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(3, w.Emu.GetStats().Requests(Routes.MediaContacts));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        var start = w.Clock.GetUtcNow();
        var fourth = await w.DriveAsync(w.Recordings.GetByContactAsync(id, "all", CancellationToken.None), TimeSpan.FromSeconds(1));

        Assert.True(fourth.Found);
        Assert.InRange((w.Clock.GetUtcNow() - start).TotalSeconds, 59.0, 61.0);
        var stats = w.Emu.GetStats();
        Assert.Equal(4, stats.Requests(Routes.MediaContacts, 200));
        Assert.Equal(0, stats.Throttled);
    }
}
