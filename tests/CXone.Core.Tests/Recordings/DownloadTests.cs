using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Recordings;
using CXone.Core.Tests.Requests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Recordings;

/// <summary>One recording to a file: no token at storage, resume, renewal, skip, clean failure, safe names.</summary>
public sealed class DownloadTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cxone-dl-").FullName;

    private string Folder => Path.Combine(_root, "rec");

    public void Dispose() => Directory.Delete(_root, true);

    private static EmulatorContact Small(CXoneEmulator emu, int interactions = 1) =>
        emu.Data.RecordedContacts.First(c => c.ContactId != emu.Data.LargeRecordingContactId && c.Interactions.Count == interactions);

    private static async Task<CXoneRecording> LookUp(RequestsWorld w, EmulatorContact c, int index = 0) =>
        (await w.Recordings.GetByContactAsync(c.ContactId.ToString(), "all", CancellationToken.None)).Recordings[index];

    private string[] FilesUnderRoot() => Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_root, f)).OrderBy(f => f).ToArray();

    [Fact]
    public async Task A_recording_is_saved_with_its_sha256_and_storage_never_sees_the_token()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Small(w.Emu);
        var rec = await LookUp(w, c);
        var reports = new ReportLog();
        using var _ = CXoneReporting.Listen(reports);

        var r = await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Saved, r.Status);
        Assert.Equal(Path.Combine(Path.GetFullPath(Folder), c.ContactId + "_0_voice-only.mp4"), r.Path);
        Assert.Equal(c.RecordingBytes, r.Bytes);
        Assert.Equal(c.RecordingBytes, new FileInfo(r.Path!).Length);
        Assert.Equal(w.Emu.Data.ExpectedSha256(c.ContactId), r.Sha256);
        Assert.Equal(r.Sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(r.Path!))));
        Assert.Equal(new[] { Path.Combine("rec", Path.GetFileName(r.Path!)) }, FilesUnderRoot());
        var stats = w.Emu.GetStats();
        Assert.Equal(0, stats.StorageRequestsWithAuthorization);
        Assert.Equal(1, stats.Requests(Routes.Storage, 200));
        Assert.All(w.StorageWire.Requests, q => Assert.Null(q.Authorization));
        Assert.DoesNotContain(reports.All, l => l.Message.Contains(rec.FileUrl!.Query.TrimStart('?')));
    }

    [Fact]
    public async Task The_storage_client_strips_an_authorization_header_even_when_one_is_set()
    {
        await using var w = await RequestsWorld.StartAsync();
        var rec = await LookUp(w, Small(w.Emu));
        using var request = new HttpRequestMessage(HttpMethod.Get, rec.FileUrl) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "eyJleaked.token.value") } };

        using var response = await w.StorageHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, w.Emu.GetStats().StorageRequestsWithAuthorization);
    }

    [Fact]
    public async Task A_dropped_connection_resumes_with_range_and_the_sha256_matches()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Small(w.Emu);
        var rec = await LookUp(w, c);
        w.Emu.Faults.Next(Routes.Storage, FaultKind.DropConnection);

        var r = await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Saved, r.Status);
        Assert.Equal(1, r.Resumes);
        Assert.Equal(w.Emu.Data.ExpectedSha256(c.ContactId), r.Sha256);
        var sent = w.StorageWire.Requests;
        Assert.Equal(2, sent.Count);
        Assert.Null(sent[0].Range);
        Assert.StartsWith("bytes=", sent[1].Range);
        Assert.EndsWith("-", sent[1].Range);
        var resumedAt = long.Parse(sent[1].Range!["bytes=".Length..^1]);
        Assert.InRange(resumedAt, 1, c.RecordingBytes / 2); // what arrived before the drop (the server sent half)
        var stats = w.Emu.GetStats();
        Assert.Equal(1, stats.Requests(Routes.Storage, 206));
        Assert.Equal(c.RecordingBytes / 2 + (c.RecordingBytes - resumedAt), stats.StorageBytesServed); // resumed, not started over
        Assert.Equal(0, stats.StorageRequestsWithAuthorization);
        Assert.False(File.Exists(r.Path + ".partial"));
    }

    [Fact]
    public async Task An_expired_url_is_renewed_once_by_looking_the_recording_up_again()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Small(w.Emu, interactions: 2);
        var rec = await LookUp(w, c, index: 1);
        var stale = rec.FileUrl;
        w.Clock.Advance(w.Emu.Options.StorageUrlLifetime + TimeSpan.FromMinutes(1));

        var r = await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Saved, r.Status);
        Assert.True(r.UrlRenewed);
        Assert.NotEqual(stale, rec.FileUrl);
        Assert.Equal(w.Emu.Data.ExpectedSha256(c.ContactId, 1), r.Sha256);
        Assert.EndsWith("_1_voice-and-screen.mp4", r.Path);
        var stats = w.Emu.GetStats();
        Assert.Equal(2, stats.Requests(Routes.MediaContacts, 200));
        Assert.Equal(1, stats.Requests(Routes.Storage, 403));
        Assert.Equal(1, stats.Requests(Routes.Storage, 200));
    }

    [Fact]
    public async Task A_url_that_stays_expired_is_looked_up_only_once_more_then_fails_leaving_no_file()
    {
        await using var w = await RequestsWorld.StartAsync(e => e.StorageUrlLifetime = TimeSpan.Zero);
        var rec = await LookUp(w, Small(w.Emu));

        var r = await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Failed, r.Status);
        Assert.Equal(CXoneErrorKind.Forbidden, r.Error!.Kind);
        Assert.Contains("even after looking the recording up again", r.Reason);
        Assert.DoesNotContain(rec.FileUrl!.Query.TrimStart('?'), r.Reason);
        Assert.Null(r.Path);
        var stats = w.Emu.GetStats();
        Assert.Equal(2, stats.Requests(Routes.MediaContacts));
        Assert.Equal(2, stats.Requests(Routes.Storage, 403));
        Assert.Empty(FilesUnderRoot());
    }

    [Fact]
    public async Task An_existing_file_is_skipped_unless_overwrite_is_asked()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Small(w.Emu);
        var rec = await LookUp(w, c);
        var options = new DownloadOptions { Folder = Folder };

        var first = await w.Recordings.DownloadAsync(rec, options, CancellationToken.None);
        var second = await w.Recordings.DownloadAsync(rec, options, CancellationToken.None);

        Assert.Equal(DownloadStatus.Saved, first.Status);
        Assert.Equal(DownloadStatus.Skipped, second.Status);
        Assert.Equal(first.Path, second.Path);
        Assert.Equal(c.RecordingBytes, second.Bytes);
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.Storage));

        File.WriteAllText(first.Path!, "stale");
        var third = await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder, Overwrite = true }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Saved, third.Status);
        Assert.Equal(2, w.Emu.GetStats().Requests(Routes.Storage));
        Assert.Equal(w.Emu.Data.ExpectedSha256(c.ContactId), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(third.Path!))));
        Assert.Single(FilesUnderRoot());
    }

    [Fact]
    public async Task Cancelling_mid_body_throws_cancellation_and_leaves_no_partial_and_no_target()
    {
        await using var w = await RequestsWorld.StartAsync();
        var rec = await LookUp(w, Small(w.Emu));
        using var cts = new CancellationTokenSource();
        var probe = new ProgressProbe { OnProgress = p => { if (p.Completed > 0 && !p.IsCompleted) { cts.Cancel(); } } };
        using var _ = CXoneReporting.Listen(probe);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder, ProgressInterval = TimeSpan.Zero }, cts.Token));

        Assert.True(cts.IsCancellationRequested);
        Assert.Contains(probe.Progress, p => p.Completed > 0 && p.Completed < w.Emu.Data.FindContact(long.Parse(rec.ContactId))!.RecordingBytes);
        Assert.Empty(FilesUnderRoot());
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.Storage));

        using var before = new CancellationTokenSource();
        before.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder }, before.Token));
        Assert.Empty(FilesUnderRoot());
    }

    [Fact]
    public async Task A_large_recording_streams_to_disk_instead_of_being_held_in_memory()
    {
        // The 1 GiB contact: bytes reach the file while the server has sent only a small part (then cancel).
        await using var w = await RequestsWorld.StartAsync();
        var large = w.Emu.Data.FindContact(w.Emu.Data.LargeRecordingContactId)!;
        var rec = await LookUp(w, large);
        long servedAtFirstProgress = -1;
        long? totalAtFirstProgress = null;
        using var cts = new CancellationTokenSource();
        var probe = new ProgressProbe
        {
            OnProgress = p =>
            {
                if (p.Completed > 0 && !p.IsCompleted && servedAtFirstProgress < 0)
                {
                    servedAtFirstProgress = w.Emu.GetStats().StorageBytesServed;
                    totalAtFirstProgress = p.Total;
                    cts.Cancel();
                }
            },
        };
        using var _ = CXoneReporting.Listen(probe);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder, ProgressInterval = TimeSpan.Zero }, cts.Token));

        Assert.InRange(servedAtFirstProgress, 1, 64L * 1024 * 1024);
        Assert.Equal(large.RecordingBytes, totalAtFirstProgress); // Content-Length known up front
        Assert.Equal(1L << 30, large.RecordingBytes);
        Assert.Empty(FilesUnderRoot());
    }

    [Fact]
    public async Task A_storage_failure_after_every_retry_is_a_failed_result_leaving_no_file()
    {
        await using var w = await RequestsWorld.StartAsync();
        var rec = await LookUp(w, Small(w.Emu));
        w.Emu.Faults.Next(Routes.Storage, FaultKind.Html502, count: 50);

        var r = await w.DriveAsync(w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder }, CancellationToken.None));

        Assert.Equal(DownloadStatus.Failed, r.Status);
        Assert.Equal(CXoneErrorKind.ServerError, r.Error!.Kind);
        Assert.Contains("after 6 attempts", r.Reason);
        Assert.DoesNotContain("<html", r.Reason);
        Assert.Equal(6, w.Emu.GetStats().Requests(Routes.Storage, 502));
        Assert.Empty(FilesUnderRoot());
    }

    [Fact]
    public async Task A_connection_that_keeps_dropping_fails_after_the_allowed_resumes_leaving_no_file()
    {
        await using var w = await RequestsWorld.StartAsync();
        var rec = await LookUp(w, Small(w.Emu));
        w.Emu.Faults.Next(Routes.Storage, FaultKind.DropConnection, count: 50);

        var r = await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder, MaxResumes = 2 }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Failed, r.Status);
        Assert.Equal(CXoneErrorKind.NetworkFailure, r.Error!.Kind);
        Assert.Equal(2, r.Resumes);
        Assert.Equal(3, w.Emu.GetStats().Requests(Routes.Storage));
        Assert.Empty(FilesUnderRoot());
    }

    [Fact]
    public async Task A_folder_that_cannot_be_written_is_a_failed_result_that_says_what_to_do()
    {
        await using var w = await RequestsWorld.StartAsync();
        var rec = await LookUp(w, Small(w.Emu));
        var notAFolder = Path.Combine(_root, "file.txt");
        File.WriteAllText(notAFolder, "x");

        var r = await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = notAFolder }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Failed, r.Status);
        Assert.Equal(CXoneErrorKind.InvalidArgument, r.Error!.Kind);
        Assert.Contains(notAFolder, r.Reason);
        Assert.Contains("writable", r.Error.RecommendedAction);
        Assert.Equal(0, w.Emu.GetStats().Requests(Routes.Storage));
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_never_saved()
    {
        await using var w = await RequestsWorld.StartAsync();
        using var storage = new ScriptedHttpServer(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "video/mp4";
            ctx.Response.ContentLength64 = 100_000;
            await ctx.Response.OutputStream.WriteAsync(new byte[40_000]);
            await ctx.Response.OutputStream.FlushAsync();
            ctx.Response.Abort();
        });
        var rec = new CXoneRecording { ContactId = "42", MasterContactId = "42", MediaType = "voice-only", FileUrl = new Uri(storage.BaseUri, "f/42.mp4?sig=abc") };

        var r = await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder, MaxResumes = 1 }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Failed, r.Status);
        Assert.Equal(CXoneErrorKind.NetworkFailure, r.Error!.Kind);
        Assert.Equal(2, storage.Received.Count);
        Assert.Equal("bytes=40000-", storage.Received[1].Headers["Range"]);
        Assert.Empty(FilesUnderRoot());
    }

    [Fact]
    public async Task File_names_from_server_values_cannot_leave_the_target_folder()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Small(w.Emu);
        var real = await LookUp(w, c);
        var hostile = new CXoneRecording
        {
            ContactId = "../../outside",
            MasterContactId = c.ContactId.ToString(),
            InteractionIndex = 0,
            MediaType = "..\\..\\x:y/z",
            FileUrl = real.FileUrl,
        };

        var r = await w.Recordings.DownloadAsync(hostile, new DownloadOptions { Folder = Folder }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Saved, r.Status);
        Assert.Equal(Path.GetFullPath(Folder), Path.GetDirectoryName(r.Path));
        Assert.Equal(new[] { Path.Combine("rec", Path.GetFileName(r.Path!)) }, FilesUnderRoot());
        foreach (var name in new[] { "..", ".", "a/b", "a\\b", "C:", "con", "x\0y", new string('9', 500), "" })
        {
            var file = RecordingsClient.FileNameFor(new CXoneRecording { ContactId = name, MediaType = name, FileUrl = new Uri("https://s.example/a/" + Uri.EscapeDataString("..") + "/b.exe?x=1") });
            Assert.Equal(file, Path.GetFileName(file));
            Assert.DoesNotContain("..", file);
            Assert.DoesNotContain(file, ch => ch == '/' || ch == '\\' || ch == ':' || ch == '\0');
            Assert.EndsWith(".mp4", file);
            Assert.True(file.Length < 200, file);
        }
    }

    [Fact]
    public async Task Progress_is_throttled_on_the_session_clock_and_ends_with_bytes_done_and_total()
    {
        await using var w = await RequestsWorld.StartAsync(e => e.DefaultRecordingBytes = 2 * 1024 * 1024);
        var c = Small(w.Emu);
        var rec = await LookUp(w, c);
        var throttled = new ProgressProbe();
        var unthrottled = new ProgressProbe();

        using (CXoneReporting.Listen(throttled))
        {
            Assert.Equal(DownloadStatus.Saved, (await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder }, CancellationToken.None)).Status);
        }

        using (CXoneReporting.Listen(unthrottled))
        {
            await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder, Overwrite = true, ProgressInterval = TimeSpan.Zero }, CancellationToken.None);
        }

        // The clock did not move: with the default 250 ms interval only the start and the end are reported.
        Assert.Equal(2, throttled.Progress.Count);
        Assert.True(unthrottled.Progress.Count > 10, "unthrottled progress reports: " + unthrottled.Progress.Count);
        foreach (var probe in new[] { throttled, unthrottled })
        {
            var last = probe.Progress[^1];
            Assert.True(last.IsCompleted);
            Assert.Equal(c.RecordingBytes, last.Completed);
            Assert.Equal(c.RecordingBytes, last.Total);
            Assert.All(probe.Progress.Where(p => p.Completed > 0 && !p.IsCompleted), p => Assert.Equal(c.RecordingBytes, p.Total));
        }
    }
}
