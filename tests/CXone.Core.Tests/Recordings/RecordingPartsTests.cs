using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.IO;
using CXone.Core.Recordings;
using CXone.Core.Tests.Requests.Support;
using CXone.Core.Tests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Recordings;

/// <summary>The parts a recording download is made of, each on its own: parser, names, copier, downloader, runner, manifest, progress.</summary>
public sealed class RecordingPartsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cxone-parts-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void The_parser_reads_interactions_urls_segments_and_the_agent_and_skips_what_it_cannot_use()
    {
        using var doc = JsonDocument.Parse("""
            {"value":{"CONTACTID":"555","acdContactId":"556","interactions":[
              {"mediaType":"voice-only","channelType":"Voice","startTime":"2026-01-02T03:04:05Z","endTime":"2026-01-02T03:05:05Z",
               "data":{"fileToPlayUrl":"https://s.example/f/1.wav?sig=x","segmentsDataList":[{"segmentId":"s1"},{"segmentId":""},{"other":1}],
                       "participantDataList":[{"participantType":"customer","userId":"c1"},{"participantType":"Agent","agentId":"77","agentName":"Ann"}]}},
              {"data":{"fileToPlayUrl":"ftp://s.example/f/2.mp4"}},
              {"startTime":"2026-01-02T03:05:05Z","endTime":"2026-01-02T03:04:05Z","data":"not an object"}]}}
            """);

        var list = MediaPlaybackParser.Parse(doc.RootElement, "555", "all", segment: false);

        Assert.Equal(3, list.Count);
        Assert.Equal(new[] { 0, 1, 2 }, list.Select(r => r.InteractionIndex));
        Assert.All(list, r => Assert.Equal("555", r.ContactId));
        Assert.All(list, r => Assert.Equal("556", r.AcdContactId));
        Assert.Equal("voice-only", list[0].MediaType);
        Assert.Equal("all", list[1].MediaType);
        Assert.Equal(TimeSpan.FromMinutes(1), list[0].Duration);
        Assert.Null(list[2].Duration); // end before start
        Assert.Equal(new Uri("https://s.example/f/1.wav?sig=x"), list[0].FileUrl);
        Assert.Null(list[1].FileUrl); // not http(s)
        Assert.Equal(new[] { "s1" }, list[0].SegmentIds);
        Assert.Equal(("77", "Ann"), (list[0].AgentId, list[0].AgentName));
        Assert.Empty(MediaPlaybackParser.Parse(JsonDocument.Parse("{\"interactions\":{}}").RootElement, "1", "all", false));
        Assert.Empty(MediaPlaybackParser.Parse(JsonDocument.Parse("[]").RootElement, "1", "all", false));
    }

    [Fact]
    public void File_names_keep_known_extensions_and_paths_stay_in_the_folder()
    {
        var wav = new CXoneRecording { ContactId = "12", InteractionIndex = 3, MediaType = "voice-only", FileUrl = new Uri("https://s.example/a/b.WAV?x=1") };
        Assert.Equal("12_3_voice-only.wav", RecordingFileNames.For(wav));
        Assert.Equal("__0_media.mp4", RecordingFileNames.For(new CXoneRecording { ContactId = "..", MediaType = "" }));
        Assert.Equal("contact_0_media.mp4", RecordingFileNames.For(new CXoneRecording { ContactId = ".", MediaType = null! }));
        Assert.Equal("a_b_0_x_y.mp4", RecordingFileNames.For(new CXoneRecording { ContactId = "a/b", MediaType = "x:y", FileUrl = new Uri("https://s.example/a.exe") }));
        Assert.Equal(Path.Combine(_dir, "12_3_voice-only.wav"), RecordingFileNames.PathIn(_dir, "12_3_voice-only.wav"));
        var e = Assert.Throws<CXoneException>(() => RecordingFileNames.PathIn(_dir, Path.Combine("..", "x.mp4")));
        Assert.Equal(CXoneErrorKind.InvalidArgument, e.Kind);
        Assert.Throws<CXoneException>(() => RecordingFileNames.PathIn(_dir, Path.Combine("sub", "x.mp4")));
    }

    [Fact]
    public async Task The_copier_hashes_what_it_copies_restarts_cleanly_and_tells_a_full_disk_from_a_dropped_body()
    {
        var data = RandomNumberGenerator.GetBytes(300_000);
        var path = Path.Combine(_dir, "c.bin");
        var seen = new List<long>();
        using (var copier = new HashingCopier(hash: true))
        using (var file = new FileStream(path, FileMode.Create))
        {
            await copier.CopyAsync(new MemoryStream(data[..1000]), file, null, CancellationToken.None);
            copier.Restart();
            file.SetLength(0);
            await copier.CopyAsync(new MemoryStream(data), file, seen.Add, CancellationToken.None);
            Assert.Equal(data.Length, copier.Bytes);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), copier.FinishHex());
        }

        Assert.Equal(data, File.ReadAllBytes(path));
        Assert.Equal(data.Length, seen[^1]);
        Assert.True(seen.Count > 1);

        using var full = new FullDiskStream(Path.Combine(_dir, "f.bin")) { FailWriteAfterBytes = 100_000 };
        using var c2 = new HashingCopier(hash: false);
        var local = await Assert.ThrowsAsync<LocalFileException>(() => c2.CopyAsync(new MemoryStream(data), full, null, CancellationToken.None));
        Assert.Equal(FullDiskStream.Enospc, local.Cause.HResult);
        Assert.Throws<InvalidOperationException>(() => c2.FinishHex());

        using var c3 = new HashingCopier(hash: false);
        await Assert.ThrowsAsync<IOException>(() => c3.CopyAsync(new BrokenAfter(data, 50_000), new MemoryStream(), null, CancellationToken.None));
    }

    [Fact]
    public async Task The_downloader_resumes_with_range_and_starts_over_when_the_server_ignores_it()
    {
        var data = RandomNumberGenerator.GetBytes(200_000);
        var calls = 0;
        using var storage = new ScriptedHttpServer(async (ctx, req) =>
        {
            var n = Interlocked.Increment(ref calls);
            ctx.Response.ContentType = "video/mp4";
            if (n == 1 || n == 3)
            {
                // half the file, then the connection drops
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentLength64 = data.Length;
                await ctx.Response.OutputStream.WriteAsync(data.AsMemory(0, 100_000));
                await ctx.Response.OutputStream.FlushAsync();
                ctx.Response.Abort();
                return;
            }

            if (n == 2)
            {
                // ignores Range: the whole file again, also cut short
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentLength64 = data.Length;
                await ctx.Response.OutputStream.WriteAsync(data.AsMemory(0, 60_000));
                await ctx.Response.OutputStream.FlushAsync();
                ctx.Response.Abort();
                return;
            }

            var from = long.Parse(req.Headers["Range"]["bytes=".Length..^1]);
            ctx.Response.StatusCode = 206;
            ctx.Response.Headers["Content-Range"] = "bytes " + from + "-" + (data.Length - 1) + "/" + data.Length;
            ctx.Response.ContentLength64 = data.Length - from;
            await ctx.Response.OutputStream.WriteAsync(data.AsMemory((int)from));
            ctx.Response.Close();
        });
        using var http = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateStorageHandler(new CXoneHttpOptions(), TimeProvider.System, new SocketsHttpHandler()));
        var rec = new CXoneRecording { ContactId = "9", MediaType = "voice-only" };
        var downloader = new ResumableDownloader(http, rec, "9_0_voice-only.mp4", 5, _ => throw new InvalidOperationException("no renewal expected"));
        var path = Path.Combine(_dir, "d.bin");
        using var copier = new HashingCopier(hash: true);
        using (var file = new FileStream(path, FileMode.Create))
        {
            await downloader.DownloadAsync(new Uri(storage.BaseUri, "f/9.mp4?sig=s"), file, copier, (_, _) => { }, CancellationToken.None);
        }

        Assert.Equal(data, File.ReadAllBytes(path));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), copier.FinishHex());
        Assert.Equal(3, downloader.Resumes);
        Assert.Equal(data.Length, downloader.Total);
        Assert.False(downloader.UrlRenewed);
        var ranges = storage.Received.Select(r => r.Headers.TryGetValue("Range", out var v) ? v : null).ToArray();
        Assert.Null(ranges[0]);
        Assert.Equal("bytes=100000-", ranges[1]);
        Assert.Equal("bytes=60000-", ranges[2]); // after the restart the file holds what the second answer sent
        Assert.StartsWith("bytes=", ranges[3]);
    }

    [Fact]
    public async Task The_runner_keeps_to_its_limit_turns_a_failure_into_that_items_result_and_ends_with_a_source_error()
    {
        var running = 0;
        var most = 0;
        async Task<IReadOnlyList<string>> Work(int i, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Yield();
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref running);
            return i == 7 ? throw new IOException("item 7 broke") : new[] { "ok " + i };
        }

        var results = new List<string>();
        await foreach (var r in BoundedRunner.RunAsync(Range(20), 3, Work, (i, e) => "failed " + i + ": " + e.Message, CancellationToken.None))
        {
            results.Add(r);
        }

        Assert.Equal(20, results.Count);
        Assert.Contains("failed 7: item 7 broke", results);
        Assert.Equal(19, results.Count(r => r.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.InRange(most, 1, 3);

        var got = new List<string>();
        var e = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var r in BoundedRunner.RunAsync(Range(2, failAfter: true), 2, Work, (i, x) => "failed", CancellationToken.None))
            {
                got.Add(r);
            }
        });
        Assert.Equal("the source broke", e.Message);
        Assert.Equal(2, got.Count); // the work already started finished first
    }

    [Fact]
    public void The_manifest_has_one_line_per_saved_or_skipped_file_with_a_utc_time()
    {
        var path = Path.Combine(_dir, "m", "manifest.jsonl");
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 89, TimeSpan.FromHours(2)));
        using (var m = ManifestWriter.Open(path, clock))
        {
            m.Write(new DownloadResult { ContactId = "1", InteractionIndex = 0, MediaType = "chat", Status = DownloadStatus.Saved, Path = "/x/1_0_chat.json", Bytes = 5, Sha256 = "ab" });
            m.Write(new DownloadResult { ContactId = "2", Status = DownloadStatus.Failed });
            m.Write(new DownloadResult { ContactId = "3", InteractionIndex = 1, Status = DownloadStatus.Skipped, Path = "/x/3", Bytes = 9 });
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal("{\"contactId\":\"1\",\"interactionIndex\":0,\"mediaType\":\"chat\",\"status\":\"Saved\",\"file\":\"/x/1_0_chat.json\",\"bytes\":5,\"sha256\":\"ab\",\"timeUtc\":\"2026-03-04T03:06:07.089Z\"}", lines[0]);
        Assert.Contains("\"sha256\":null", lines[1]);
        var e = Assert.Throws<CXoneException>(() => ManifestWriter.Open(Path.Combine(path, "under-a-file.jsonl"), clock));
        Assert.Equal(CXoneErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void Progress_reports_at_most_once_per_interval_on_the_given_clock()
    {
        var clock = new ManualTimeProvider();
        var log = new ReportLog();
        using var _ = CXoneReporting.Listen(log);
        var p = new DownloadProgress(new CXoneRecording { ContactId = "5" }, "5_0_x.mp4", new DownloadOptions { ProgressInterval = TimeSpan.FromSeconds(1), ParentActivityId = 4 }, clock);
        p.Advance(10, 100);
        clock.Advance(TimeSpan.FromSeconds(1));
        p.Advance(20, 100);
        p.Advance(30, 100);
        p.Complete(100, 100);

        var reports = log.All.Where(r => r.Kind == CXoneReportKind.Progress).ToArray();
        Assert.Equal(new long[] { 0, 20, 100 }, reports.Select(r => r.Completed));
        Assert.Equal(new[] { false, false, true }, reports.Select(r => r.IsCompleted));
        Assert.All(reports, r => Assert.Equal(4, r.ParentActivityId));
        Assert.Single(reports.Select(r => r.ActivityId).Distinct());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen; seen = Volatile.Read(ref target))
        {
        }
    }

    private static async IAsyncEnumerable<int> Range(int count, bool failAfter = false, [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i;
        }

        if (failAfter)
        {
            throw new InvalidDataException("the source broke");
        }
    }

    /// <summary>A body that gives some bytes, then fails as a dropped connection does.</summary>
    private sealed class BrokenAfter(byte[] data, int cut) : MemoryStream(data, 0, cut)
    {
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var n = await base.ReadAsync(buffer, offset, count, cancellationToken);
            return n == 0 ? throw new IOException("The response ended prematurely.") : n;
        }
    }
}
