using System;
using System.IO;
using System.Text;
using System.Text.Json;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Recordings
{
    /// <summary>
    /// Appends one JSON line per saved or skipped file to the manifest of a bulk download
    /// (<see cref="DownloadOptions.ManifestPath"/>): <c>{"contactId","interactionIndex","mediaType","status","file","bytes","sha256","timeUtc"}</c>.
    /// Each line is flushed as it is written, so a run that is stopped keeps every line of the files it finished.
    /// Other readers may read the file meanwhile; a second writer is refused. Not thread-safe: one consumer writes.
    /// </summary>
    internal sealed class ManifestWriter : IDisposable
    {
        private readonly StreamWriter _writer;
        private readonly TimeProvider _time;

        private ManifestWriter(string path, TimeProvider time)
        {
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            _writer = new StreamWriter(new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
            _time = time;
        }

        /// <summary>Opens (creates or appends to) the manifest at <paramref name="path"/>, creating its folder.</summary>
        /// <param name="path">The manifest file.</param>
        /// <param name="time">The clock of <c>timeUtc</c>.</param>
        /// <returns>The writer.</returns>
        /// <exception cref="CXoneException">InvalidArgument: the file cannot be opened (bad path, no access, another writer).</exception>
        public static ManifestWriter Open(string path, TimeProvider time)
        {
            try
            {
                return new ManifestWriter(path, time);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "Could not open the manifest file '" + path + "': " + Redactor.Excerpt(e.Message),
                    "Pass a manifest path in a writable folder that no other run is writing.",
                    innerException: e);
            }
        }

        /// <summary>Writes the line of <paramref name="r"/> when it was saved or skipped (other outcomes write nothing).</summary>
        /// <param name="r">The outcome.</param>
        public void Write(DownloadResult r)
        {
            if (r.Status != DownloadStatus.Saved && r.Status != DownloadStatus.Skipped)
            {
                return;
            }

            _writer.WriteLine(Line(r, _time.GetUtcNow()));
            _writer.Flush();
        }

        /// <summary>The manifest line of <paramref name="r"/>, stamped <paramref name="now"/>.</summary>
        internal static string Line(DownloadResult r, DateTimeOffset now)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                w.WriteString("contactId", r.ContactId);
                w.WriteNumber("interactionIndex", r.InteractionIndex);
                w.WriteString("mediaType", r.MediaType);
                w.WriteString("status", r.Status.ToString());
                w.WriteString("file", r.Path);
                w.WriteNumber("bytes", r.Bytes);
                if (r.Sha256 is null)
                {
                    w.WriteNull("sha256");
                }
                else
                {
                    w.WriteString("sha256", r.Sha256);
                }

                w.WriteString("timeUtc", UtcText.Milliseconds(now));
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(ms.ToArray());
        }

        /// <summary>Closes the file.</summary>
        public void Dispose() => _writer.Dispose();
    }
}
