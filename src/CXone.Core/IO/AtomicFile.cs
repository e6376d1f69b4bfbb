using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.IO
{
    /// <summary>
    /// A file that appears whole or not at all: bytes go to <c>&lt;target&gt;.partial</c>; <see cref="CommitAsync"/>
    /// flushes, closes and renames it onto the target (replacing an existing file). Until the commit succeeds the
    /// target is untouched, and on every failure path (a failing write, flush or close, a failing rename, an exception
    /// in the caller, cancellation) the partial file is deleted. Not thread-safe: one writer.
    /// </summary>
    /// <remarks>
    /// A flush or close that fails (disk full) must not keep the partial file: the close is attempted, its error is
    /// kept, and the file is deleted before the error travels on.
    /// </remarks>
    internal sealed class AtomicFile : IDisposable
    {
        /// <summary>Buffer size of the file stream, in bytes.</summary>
        private const int FileBufferBytes = 81920;

        private Stream? _stream;
        private bool _committed;

        private AtomicFile(string target, string partial, Stream stream)
        {
            TargetPath = target;
            PartialPath = partial;
            _stream = stream;
        }

        /// <summary>The full path of the file that appears on <see cref="CommitAsync"/>.</summary>
        public string TargetPath { get; }

        /// <summary>The full path of the temporary file (<see cref="TargetPath"/> plus <c>.partial</c>).</summary>
        public string PartialPath { get; }

        /// <summary>The writable, seekable stream of the partial file.</summary>
        /// <exception cref="ObjectDisposedException">After the commit or disposal.</exception>
        public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFile));

        /// <summary>The folder the file goes into (full path).</summary>
        public string Folder => Path.GetDirectoryName(TargetPath) ?? TargetPath;

        /// <summary>Opens a new partial file for <paramref name="target"/> (an old partial file is replaced).</summary>
        /// <param name="target">The file to create or replace (made absolute).</param>
        /// <param name="open">
        /// Opens the partial file for writing given its path (null: an async <see cref="FileStream"/> with no
        /// sharing). Tests pass a stream whose write, flush or close fails.
        /// </param>
        /// <returns>The open file; dispose it (a commit leaves nothing to clean up).</returns>
        /// <exception cref="IOException">The partial file cannot be created.</exception>
        /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
        public static AtomicFile Create(string target, Func<string, Stream>? open = null)
        {
            var full = Path.GetFullPath(target ?? throw new ArgumentNullException(nameof(target)));
            var partial = full + ".partial";
            Stream stream;
            try
            {
                stream = open is null
                    ? new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, FileBufferBytes, useAsync: true)
                    : open(partial);
            }
            catch
            {
                TryDelete(partial);
                throw;
            }

            return new AtomicFile(full, partial, stream);
        }

        /// <summary>Flushes and closes the partial file, then renames it onto <see cref="TargetPath"/>.</summary>
        /// <param name="cancellationToken">Checked before the rename: a cancelled commit leaves no file.</param>
        /// <exception cref="IOException">The flush, close or rename failed (the partial file is gone).</exception>
        /// <exception cref="OperationCanceledException">Cancelled (the partial file is gone).</exception>
        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            var stream = Stream;
            try
            {
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                _stream = null;
                stream.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                Replace(PartialPath, TargetPath);
                _committed = true;
            }
            catch
            {
                Abandon(stream);
                throw;
            }
        }

        /// <summary>Without a successful <see cref="CommitAsync"/>: closes the partial file (errors ignored) and deletes it.</summary>
        public void Dispose()
        {
            if (!_committed)
            {
                Abandon(_stream);
            }
        }

        private void Abandon(Stream? stream)
        {
            _stream = null;
            try
            {
                // Closing flushes what is buffered; on a full disk that throws, and the file must go anyway.
                stream?.Dispose();
            }
            catch (Exception)
            {
            }

            TryDelete(PartialPath);
        }

        /// <summary>Moves <paramref name="source"/> onto <paramref name="target"/>, replacing a file already there.</summary>
        internal static void Replace(string source, string target)
        {
            if (File.Exists(target))
            {
                File.Replace(source, target, null);
            }
            else
            {
                File.Move(source, target);
            }
        }

        /// <summary>Deletes <paramref name="path"/> when it exists; a file that cannot be deleted is left (best effort).</summary>
        internal static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
