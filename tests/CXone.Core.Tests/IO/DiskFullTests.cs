using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Recordings;
using CXone.Core.Tests.Requests.Support;
using CXone.Core.Tests.Support;
using CXone.Emulator;
using Xunit.Abstractions;

namespace CXone.Core.Tests.IO;

/// <summary>
/// A disk that fills up during a recording download or an -OutFile body: the error says the disk is full, names the
/// folder and the bytes needed, is not InvalidArgument, and no partial file is left on any failure path.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly ITestOutputHelper _out;
    private readonly string _root = Directory.CreateTempSubdirectory("cxone-full-").FullName;

    public DiskFullTests(ITestOutputHelper output) => _out = output;

    private string Folder => Path.Combine(_root, "rec");

    public void Dispose() => Directory.Delete(_root, true);

    private static async Task<CXoneRecording> SmallRecording(RequestsWorld w)
    {
        var c = w.Emu.Data.RecordedContacts.First(c => c.ContactId != w.Emu.Data.LargeRecordingContactId && c.Interactions.Count == 1);
        return (await w.Recordings.GetByContactAsync(c.ContactId.ToString(), "all", CancellationToken.None)).Recordings[0];
    }

    private static void AssertDiskFull(CXoneException e, string folder, string needed)
    {
        Assert.Equal(CXoneErrorKind.DiskFull, e.Kind);
        Assert.NotEqual(CXoneErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("The disk is full", e.Message);
        Assert.Contains("'" + folder + "'", e.Message);
        Assert.Contains(needed, e.Message);
        Assert.Contains("Free space", e.RecommendedAction);
    }

    public static TheoryData<string, int> Failures => new()
    {
        { "write", FullDiskStream.Enospc },
        { "flush", FullDiskStream.Enospc },
        { "close", FullDiskStream.Enospc },
        { "write", unchecked((int)0x80070070) }, // Windows ERROR_DISK_FULL
        { "write", unchecked((int)0x80070027) }, // Windows ERROR_HANDLE_DISK_FULL
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_recording_on_a_full_disk_fails_as_disk_full_with_the_bytes_needed_and_leaves_no_partial(string where, int hresult)
    {
        await using var w = await RequestsWorld.StartAsync();
        var rec = await SmallRecording(w);
        w.Recordings.OpenFile = p => new FullDiskStream(p)
        {
            FailWriteAfterBytes = where == "write" ? 100_000 : null,
            FailFlush = where == "flush",
            FailDispose = where == "close",
            HResultToThrow = hresult,
        };

        var r = await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = Folder }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Failed, r.Status);
        AssertDiskFull(r.Error!, Path.GetFullPath(Folder), "262,144 bytes needed");
        Assert.Equal(r.Error!.Message, r.Reason);
        Assert.Equal(0, r.Resumes); // a full disk is not a dropped connection
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.Storage));
        Assert.Empty(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("write")]
    [InlineData("flush")]
    [InlineData("close")]
    public async Task An_out_file_on_a_full_disk_is_disk_full_naming_the_folder_and_leaves_no_partial(string where)
    {
        await using var w = await RequestsWorld.StartAsync();
        var target = Path.Combine(_root, "page.json");
        w.Api.OpenFile = p => new FullDiskStream(p) { FailWriteAfterBytes = where == "write" ? 10 : null, FailFlush = where == "flush", FailDispose = where == "close" };
        var request = new CXoneRequest(HttpMethod.Get, "inContactAPI/services/v30.0/agents");

        var e = await Assert.ThrowsAsync<CXoneException>(() => w.Api.SendToFileAsync(request, target, CancellationToken.None));

        AssertDiskFull(e, _root, "bytes needed");
        Assert.Contains("'page.json'", e.Message);
        Assert.Empty(Directory.GetFiles(_root));
    }

    [Fact]
    public async Task Another_local_file_failure_stays_invalid_argument()
    {
        await using var w = await RequestsWorld.StartAsync();
        w.Api.OpenFile = p => new FullDiskStream(p) { FailFlush = true, HResultToThrow = 5 }; // EIO: not a full disk

        var e = await Assert.ThrowsAsync<CXoneException>(() => w.Api.SendToFileAsync(new CXoneRequest(HttpMethod.Get, Routes.ServerTimePath), Path.Combine(_root, "t.json"), CancellationToken.None));

        Assert.Equal(CXoneErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("No space left", e.Message); // the file system's own words are kept
        Assert.Empty(Directory.GetFiles(_root));
    }

    [Fact]
    public async Task A_real_tiny_disk_fills_up_during_a_recording_and_nothing_partial_stays_on_it()
    {
        await using var w = await RequestsWorld.StartAsync();
        var rec = await SmallRecording(w);
        using var disk = TinyDisk.TryMount(64 * 1024);
        var folder = disk.Folder ?? Folder;
        if (disk.Folder is null)
        {
            // No tmpfs here (not Linux, or not root): the same download, with the disk filling at 64 KiB.
            _out.WriteLine("tmpfs not available: the disk fills through the injected stream");
            w.Recordings.OpenFile = p => new FullDiskStream(p) { FailWriteAfterBytes = 64 * 1024 };
        }
        else
        {
            _out.WriteLine("tmpfs of 64 KiB mounted on " + disk.Folder);
        }

        var r = await w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = folder }, CancellationToken.None);

        Assert.Equal(DownloadStatus.Failed, r.Status);
        AssertDiskFull(r.Error!, Path.GetFullPath(folder), "262,144 bytes needed");
        Assert.Empty(Directory.GetFiles(folder, "*", SearchOption.AllDirectories));
        if (disk.Folder != null)
        {
            // The real file system said so: ENOSPC reached us as the IOException's HResult.
            Assert.Equal(FullDiskStream.Enospc, r.Error!.InnerException!.HResult);
        }
    }
}
