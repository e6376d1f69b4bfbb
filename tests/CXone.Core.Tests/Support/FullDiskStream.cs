using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Tests.Support;

/// <summary>
/// A real file stream on the partial file that behaves like a disk that fills up: writes past
/// <see cref="FailWriteAfterBytes"/>, a flush or the close throw the IOException the OS gives for a full disk
/// (HResult ENOSPC 28, as .NET reports it on Linux and macOS; <see cref="HResult"/> changes it, for example to the
/// Windows 0x80070070). The file itself is real, so a test can see whether it was left behind.
/// </summary>
internal sealed class FullDiskStream : Stream
{
    public const int Enospc = 28;

    private readonly FileStream _inner;
    private bool _disposed;

    public FullDiskStream(string path) => _inner = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);

    public long? FailWriteAfterBytes { get; init; }

    public bool FailFlush { get; init; }

    public bool FailDispose { get; init; }

    public int HResultToThrow { get; init; } = Enospc;

    public int Throws { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _inner.Length;

    public override long Position { get => _inner.Position; set => _inner.Position = value; }

    private IOException Full()
    {
        Throws++;
        return new IOException("No space left on device : '" + _inner.Name + "'", HResultToThrow);
    }

    public override void Flush()
    {
        if (FailFlush)
        {
            throw Full();
        }

        _inner.Flush();
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => FailFlush ? Task.FromException(Full()) : _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => _inner.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (FailWriteAfterBytes is { } limit && _inner.Position + count > limit)
        {
            throw Full();
        }

        _inner.Write(buffer, offset, count);
    }

    public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (FailWriteAfterBytes is { } limit && _inner.Position + count > limit)
        {
            throw Full();
        }

        await _inner.WriteAsync(buffer.AsMemory(offset, count), cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _inner.Dispose();
            if (FailDispose)
            {
                throw Full();
            }
        }

        base.Dispose(disposing);
    }
}
