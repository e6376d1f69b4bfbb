using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Recordings;
using CXone.Core.Tests.Requests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Recordings;

/// <summary>Many downloads at once: bounded concurrency, one result per item, client-side rate limit, manifest.</summary>
public sealed class BulkDownloadTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cxone-bulk-").FullName;

    private string Folder => Path.Combine(_root, "rec");

    public void Dispose() => Directory.Delete(_root, true);

    private static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var i in items)
        {
            ct.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return i;
        }
    }

    private static async Task<List<DownloadResult>> AllAsync(IAsyncEnumerable<DownloadResult> results)
    {
        var list = new List<DownloadResult>();
        await foreach (var r in results)
        {
            list.Add(r);
        }

        return list;
    }

    [Fact]
    public async Task Two_hundred_downloads_at_throttle_8_with_5_percent_random_faults_all_end_saved_and_the_server_never_throttles()
    {
        // The client's media playback limit equals the server's (the defaults: 150 per 5 minutes), so the 200
        // lookups must wait for the window on the clock instead of earning 429s.
        await using var w = await RequestsWorld.StartAsync();
        Assert.Equal(w.Emu.Options.MediaPlaybackLimit, w.Http.MediaPlaybackPermits);
        Assert.Equal(w.Emu.Options.MediaPlaybackWindow, w.Http.MediaPlaybackWindow);
        var contacts = w.Emu.Data.RecordedContacts.Where(c => c.ContactId != w.Emu.Data.LargeRecordingContactId && c.Interactions.Count == 1).Take(200).ToList();
        Assert.Equal(200, contacts.Count);
        w.Emu.Faults.SetRandomFaultRate(0.05, seed: 7);
        var manifest = Path.Combine(_root, "manifest.jsonl");
        var probe = new ProgressProbe();
        using var _ = CXoneReporting.Listen(probe);
        var start = w.Clock.GetUtcNow();

        var results = await w.DriveAsync(
            AllAsync(w.Recordings.DownloadManyAsync(Async(contacts.Select(c => c.ContactId.ToString())), new DownloadOptions { Folder = Folder, ThrottleLimit = 8, ManifestPath = manifest }, CancellationToken.None)),
            TimeSpan.FromSeconds(1));

        Assert.Equal(200, results.Count);
        Assert.All(results, r => Assert.True(r.Status == DownloadStatus.Saved, r.ToString()));
        var byId = results.ToDictionary(r => r.ContactId);
        foreach (var c in contacts)
        {
            Assert.Equal(w.Emu.Data.ExpectedSha256(c.ContactId), byId[c.ContactId.ToString()].Sha256);
        }

        Assert.Equal(200, Directory.GetFiles(Folder, "*.mp4").Length);
        Assert.Empty(Directory.GetFiles(Folder, "*.partial"));
        var stats = w.Emu.GetStats();
        Assert.True(stats.FaultsInjected > 5, "faults injected: " + stats.FaultsInjected);
        Assert.InRange(stats.Requests(Routes.MediaContacts, 200), 200, 260); // a dropped answer had started as 200
        Assert.DoesNotContain(w.ApiWire.Bodies429, b => b.Contains("The limit is")); // every 429 seen was an injected fault, none the limiter's
        Assert.Equal(0, stats.StorageRequestsWithAuthorization);
        Assert.True(w.Clock.GetUtcNow() - start >= TimeSpan.FromMinutes(5), "the 151st lookup waited for the window");
        Assert.InRange(probe.MaxActive, 2, 8);

        var lines = File.ReadAllLines(manifest);
        Assert.Equal(200, lines.Length);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var m = doc.RootElement;
            var r = byId[m.GetProperty("contactId").GetString()!];
            Assert.Equal(r.Path, m.GetProperty("file").GetString());
            Assert.Equal(r.Bytes, m.GetProperty("bytes").GetInt64());
            Assert.Equal(r.Sha256, m.GetProperty("sha256").GetString());
            Assert.Equal("Saved", m.GetProperty("status").GetString());
            Assert.True(DateTimeOffset.TryParse(m.GetProperty("timeUtc").GetString(), out var when) && when.Offset == TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task One_item_failing_never_stops_the_others_and_each_item_has_one_result()
    {
        await using var w = await RequestsWorld.StartAsync();
        var good = w.Emu.Data.RecordedContacts.Where(c => c.ContactId != w.Emu.Data.LargeRecordingContactId && c.Interactions.Count == 1).Take(4).ToList();
        var lookups = new List<CXoneRecording>();
        foreach (var c in good)
        {
            lookups.AddRange((await w.Recordings.GetByContactAsync(c.ContactId.ToString(), "all", CancellationToken.None)).Recordings);
        }

        var gone = new CXoneRecording { ContactId = "1", MasterContactId = "1", MediaType = "voice-only", FileUrl = w.Emu.StorageUrl("1-0") };
        var noUrl = new CXoneRecording { ContactId = "2", MasterContactId = "2", MediaType = "voice-only" };
        var items = new[] { lookups[0], gone, lookups[1], noUrl, lookups[2], lookups[3] };

        var results = await AllAsync(w.Recordings.DownloadManyAsync(Async(items), new DownloadOptions { Folder = Folder, ThrottleLimit = 2 }, CancellationToken.None));

        Assert.Equal(6, results.Count);
        Assert.Equal(4, results.Count(r => r.Status == DownloadStatus.Saved));
        var failedGone = results.Single(r => r.ContactId == "1");
        Assert.Equal(DownloadStatus.Failed, failedGone.Status);
        Assert.Equal(CXoneErrorKind.NotFound, failedGone.Error!.Kind);
        Assert.Equal(DownloadStatus.Failed, results.Single(r => r.ContactId == "2").Status);
        Assert.Equal(4, Directory.GetFiles(Folder).Length);

        // By contact id: unknown and unrecorded contacts are one NotFound result each, with the explanation.
        var unrecorded = w.Emu.Data.Contacts.First(c => !c.IsRecorded).ContactId.ToString();
        var two = w.Emu.Data.RecordedContacts.First(c => c.Interactions.Count == 2);
        var byId = await AllAsync(w.Recordings.DownloadManyAsync(Async(new[] { "12345", unrecorded, two.ContactId.ToString() }), new DownloadOptions { Folder = Folder }, CancellationToken.None));

        Assert.Equal(4, byId.Count);
        Assert.Equal(2, byId.Count(r => r.Status == DownloadStatus.NotFound));
        Assert.All(byId.Where(r => r.Status == DownloadStatus.NotFound), r => Assert.StartsWith(RecordingLookup.NotFoundExplanation, r.Reason));
        Assert.Equal(new[] { 0, 1 }, byId.Where(r => r.Status == DownloadStatus.Saved).Select(r => r.InteractionIndex).OrderBy(i => i));
    }

    [Fact]
    public async Task Cancelling_a_bulk_run_stops_it_and_leaves_no_partial_file()
    {
        await using var w = await RequestsWorld.StartAsync();
        var ids = w.Emu.Data.RecordedContacts.Where(c => c.ContactId != w.Emu.Data.LargeRecordingContactId).Take(40).Select(c => c.ContactId.ToString()).ToList();
        using var cts = new CancellationTokenSource();
        var probe = new ProgressProbe { OnProgress = p => { if (p.Completed > 0 && !p.IsCompleted) { cts.Cancel(); } } };
        using var _ = CXoneReporting.Listen(probe);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AllAsync(w.Recordings.DownloadManyAsync(Async(ids), new DownloadOptions { Folder = Folder, ProgressInterval = TimeSpan.Zero }, cts.Token)));

        Assert.Empty(Directory.GetFiles(Folder, "*.partial"));
        Assert.True(w.Emu.GetStats().Requests(Routes.MediaContacts) < 40);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(-1)]
    public void Throttle_limit_outside_1_to_32_is_refused(int limit)
    {
        var ex = Assert.Throws<CXoneException>(() => new DownloadOptions { ThrottleLimit = limit });
        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("1 and 32", ex.RecommendedAction);
    }

    [Fact]
    public void Throttle_limit_defaults_to_4_and_takes_1_and_32()
    {
        Assert.Equal(4, new DownloadOptions().ThrottleLimit);
        Assert.Equal(1, new DownloadOptions { ThrottleLimit = 1 }.ThrottleLimit);
        Assert.Equal(32, new DownloadOptions { ThrottleLimit = 32 }.ThrottleLimit);
    }

    [Fact]
    public async Task Throttle_limit_bounds_the_files_written_at_once()
    {
        await using var w = await RequestsWorld.StartAsync();
        var ids = w.Emu.Data.RecordedContacts.Where(c => c.ContactId != w.Emu.Data.LargeRecordingContactId).Take(24).Select(c => c.ContactId.ToString()).ToList();
        w.Emu.Faults.SetLatency(TimeSpan.FromMilliseconds(20), Routes.Storage);
        var probe = new ProgressProbe();
        using var _ = CXoneReporting.Listen(probe);

        var results = await AllAsync(w.Recordings.DownloadManyAsync(Async(ids), new DownloadOptions { Folder = Folder, ThrottleLimit = 3 }, CancellationToken.None));

        Assert.All(results, r => Assert.Equal(DownloadStatus.Saved, r.Status));
        Assert.InRange(probe.MaxActive, 1, 3);
        Assert.InRange(w.ApiWire.MaxInFlight, 1, 3);
    }

    [Fact]
    public async Task A_manifest_that_cannot_be_opened_stops_the_run_before_any_request()
    {
        await using var w = await RequestsWorld.StartAsync();
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "x");

        var ex = await Assert.ThrowsAsync<CXoneException>(() => AllAsync(w.Recordings.DownloadManyAsync(Async(new[] { "1", "2" }), new DownloadOptions { Folder = Folder, ManifestPath = Path.Combine(file, "m.jsonl") }, CancellationToken.None)));

        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("manifest", ex.Message);
        await Task.Delay(100); // a run started in the background would have asked for a token by now
        Assert.Equal(0, w.Emu.GetStats().TotalRequests);
    }

    [Fact]
    public async Task A_bulk_run_without_a_folder_is_refused_before_any_request()
    {
        await using var w = await RequestsWorld.StartAsync();

        var ex = await Assert.ThrowsAsync<CXoneException>(() => AllAsync(w.Recordings.DownloadManyAsync(Async(new[] { "1", "2" }), new DownloadOptions(), CancellationToken.None)));

        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(0, w.Emu.GetStats().TotalRequests);
    }
}
