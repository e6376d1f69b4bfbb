using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.IO;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.IO;

/// <summary>The atomic file: the target appears whole on commit, and no path of failure leaves the partial file.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cxone-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Target => Path.Combine(_dir, "out.bin");

    private string[] Files() => Directory.GetFiles(_dir).Select(Path.GetFileName).OrderBy(f => f).ToArray()!;

    private static async Task WriteAsync(AtomicFile file, string text) => await file.Stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task The_bytes_go_to_the_partial_file_and_appear_at_the_target_on_commit()
    {
        using (var file = AtomicFile.Create(Target))
        {
            Assert.Equal(Target + ".partial", file.PartialPath);
            await WriteAsync(file, "hello");
            Assert.Equal(new[] { "out.bin.partial" }, Files());
            await file.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(new[] { "out.bin" }, Files());
        Assert.Equal("hello", File.ReadAllText(Target));
    }

    [Fact]
    public async Task A_commit_replaces_an_existing_file_and_an_abandoned_write_leaves_it_untouched()
    {
        File.WriteAllText(Target, "old");
        using (var abandoned = AtomicFile.Create(Target))
        {
            await WriteAsync(abandoned, "half");
        }

        Assert.Equal("old", File.ReadAllText(Target));
        Assert.Equal(new[] { "out.bin" }, Files());

        using (var file = AtomicFile.Create(Target))
        {
            await WriteAsync(file, "new");
            await file.CommitAsync(CancellationToken.None);
        }

        Assert.Equal("new", File.ReadAllText(Target));
        Assert.Equal(new[] { "out.bin" }, Files());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_flush_or_close_that_fails_on_commit_throws_and_leaves_no_partial_file(bool failFlush, bool failDispose)
    {
        File.WriteAllText(Target, "old");
        FullDiskStream? stream = null;
        using var file = AtomicFile.Create(Target, p => stream = new FullDiskStream(p) { FailFlush = failFlush, FailDispose = failDispose });
        await WriteAsync(file, "data");

        var e = await Assert.ThrowsAsync<IOException>(() => file.CommitAsync(CancellationToken.None));

        Assert.Equal(FullDiskStream.Enospc, e.HResult);
        Assert.Equal(new[] { "out.bin" }, Files());
        Assert.Equal("old", File.ReadAllText(Target));
        file.Dispose(); // a second clean-up is harmless
        Assert.True(stream!.Throws >= 1);
    }

    [Fact]
    public async Task A_write_that_fails_then_a_close_that_fails_still_leaves_no_partial_file_and_dispose_does_not_throw()
    {
        var file = AtomicFile.Create(Target, p => new FullDiskStream(p) { FailWriteAfterBytes = 3, FailDispose = true });
        await Assert.ThrowsAsync<IOException>(() => WriteAsync(file, "more than three"));

        file.Dispose();

        Assert.Empty(Files());
    }

    [Fact]
    public async Task A_cancelled_commit_leaves_nothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var file = AtomicFile.Create(Target);
        await WriteAsync(file, "data");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => file.CommitAsync(cts.Token));

        Assert.Empty(Files());
    }

    [Fact]
    public void A_partial_file_that_cannot_be_opened_is_an_exception_and_leaves_nothing()
    {
        Assert.ThrowsAny<IOException>(() => AtomicFile.Create(Path.Combine(_dir, "missing", "out.bin")));
        Assert.Throws<UnauthorizedAccessException>(() => AtomicFile.Create(Target, _ => throw new UnauthorizedAccessException("no")));
        Assert.Empty(Files());
        Assert.Empty(Directory.GetDirectories(_dir));
    }
}
