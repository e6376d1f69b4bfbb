using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Support;

namespace CXone.Core.IO
{
    /// <summary>
    /// Copies a response body to a file, optionally hashing it with SHA-256 on the way. Three stages overlap: the
    /// next read fills one buffer while the chunk just read is written (the file write runs on the thread pool) and
    /// hashed on the calling thread. A failure of the destination is reported as <see cref="LocalFileException"/>,
    /// so the caller can tell a full disk from a dropped connection. Several copies may append to one total
    /// (a resumed download); <see cref="Restart"/> starts over. Not thread-safe.
    /// </summary>
    internal sealed class HashingCopier : IDisposable
    {
        /// <summary>Size of each of the two copy buffers, in bytes.</summary>
        public const int BufferBytes = 81920;

        private readonly bool _hash;
        private readonly byte[][] _buffers = { new byte[BufferBytes], new byte[BufferBytes] };
        private SHA256? _sha;

        /// <summary>Creates the copier.</summary>
        /// <param name="hash">Compute the SHA-256 of everything copied (see <see cref="FinishHex"/>).</param>
        public HashingCopier(bool hash)
        {
            _hash = hash;
            _sha = hash ? SHA256.Create() : null;
        }

        /// <summary>Bytes copied since creation or the last <see cref="Restart"/>.</summary>
        public long Bytes { get; private set; }

        /// <summary>Forgets what was copied (count and hash): the next copy starts the file over.</summary>
        public void Restart()
        {
            Bytes = 0;
            if (_hash)
            {
                _sha?.Dispose();
                _sha = SHA256.Create();
            }
        }

        /// <summary>Copies <paramref name="source"/> to its end onto <paramref name="destination"/>.</summary>
        /// <param name="source">The body (read until it returns 0).</param>
        /// <param name="destination">The file.</param>
        /// <param name="progress">Called after each chunk with <see cref="Bytes"/>; may be null.</param>
        /// <param name="cancellationToken">Cancels the copy; the body is disposed so that a read that ignores the token ends too.</param>
        /// <exception cref="LocalFileException">Writing to <paramref name="destination"/> failed (for example the disk is full).</exception>
        /// <exception cref="IOException">Reading the body failed (a dropped or stalled connection).</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public async Task CopyAsync(Stream source, Stream destination, Action<long>? progress, CancellationToken cancellationToken)
        {
            using (cancellationToken.Register(static s => ((IDisposable)s!).Dispose(), source))
            {
                var which = 0;
                var reading = source.ReadAsync(_buffers[which], 0, BufferBytes, cancellationToken);
                while (true)
                {
                    var n = await reading.ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    var chunk = _buffers[which];
                    which ^= 1;
                    reading = source.ReadAsync(_buffers[which], 0, BufferBytes, cancellationToken);
                    try
                    {
                        var writing = destination.WriteAsync(chunk, 0, n, cancellationToken);
                        _sha?.TransformBlock(chunk, 0, n, null, 0);
                        await writing.ConfigureAwait(false);
                    }
                    catch (IOException e)
                    {
                        // A local write failure (disk full) is not a dropped connection: no resume.
                        TaskFaults.Observe(reading);
                        throw new LocalFileException(e);
                    }
                    catch
                    {
                        TaskFaults.Observe(reading);
                        throw;
                    }

                    Bytes += n;
                    progress?.Invoke(Bytes);
                }
            }
        }

        /// <summary>Ends the hash and returns it as lowercase hex.</summary>
        /// <returns>64 hex digits.</returns>
        /// <exception cref="InvalidOperationException">The copier was created without hashing.</exception>
        public string FinishHex()
        {
            var sha = _sha ?? throw new InvalidOperationException("This copier does not hash.");
            sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            var sb = new StringBuilder(64);
            foreach (var b in sha.Hash!)
            {
                sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }

        /// <summary>Releases the hash.</summary>
        public void Dispose() => _sha?.Dispose();
    }

    /// <summary>
    /// A failure of the local file (not of the connection), carried out of a copy loop. Deliberately not an
    /// <see cref="IOException"/>: a caller that resumes after a failed read must not resume after this.
    /// </summary>
    internal sealed class LocalFileException : Exception
    {
        /// <summary>Wraps <paramref name="inner"/>.</summary>
        public LocalFileException(IOException inner)
            : base(inner.Message, inner)
        {
        }

        /// <summary>The file system's exception.</summary>
        public IOException Cause => (IOException)InnerException!;
    }
}
