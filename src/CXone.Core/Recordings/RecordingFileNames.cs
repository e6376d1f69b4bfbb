using System;
using System.Globalization;
using System.IO;
using System.Text;
using CXone.Core.Errors;

namespace CXone.Core.Recordings
{
    /// <summary>
    /// Where a recording is saved: a file name built only from safe characters, inside the target folder. Every part
    /// of the name comes from the server, so none of it may steer the path (separators, <c>..</c>, drive letters).
    /// </summary>
    internal static class RecordingFileNames
    {
        /// <summary>Longest part of a file name taken from one server value, in characters.</summary>
        private const int MaxPartLength = 80;

        /// <summary>Extensions taken from the file URL; any other becomes <c>.mp4</c>.</summary>
        private static readonly string[] KnownExtensions = { ".mp4", ".wav", ".mp3", ".webm", ".m4a", ".ogg", ".txt", ".json", ".html" };

        /// <summary>
        /// The file name: <c>&lt;contactId&gt;_&lt;interactionIndex&gt;_&lt;mediaType&gt;&lt;ext&gt;</c>, each part reduced to
        /// letters, digits, <c>.</c>, <c>-</c> and <c>_</c> (no separators, no <c>..</c>, at most 80 characters).
        /// </summary>
        /// <param name="recording">The recording.</param>
        /// <returns>A bare file name.</returns>
        public static string For(CXoneRecording recording)
        {
            if (recording is null)
            {
                throw new ArgumentNullException(nameof(recording));
            }

            var ext = ".mp4";
            if (recording.FileUrl != null)
            {
                var e = Path.GetExtension(recording.FileUrl.AbsolutePath).ToLowerInvariant();
                if (Array.IndexOf(KnownExtensions, e) >= 0)
                {
                    ext = e;
                }
            }

            return Safe(recording.ContactId, "contact") + "_" + recording.InteractionIndex.ToString(CultureInfo.InvariantCulture) + "_" + Safe(recording.MediaType, "media") + ext;
        }

        /// <summary>The full path of <paramref name="name"/> in <paramref name="folder"/>, proven to be directly inside it.</summary>
        /// <param name="folder">The target folder (full path).</param>
        /// <param name="name">A name from <see cref="For"/>.</param>
        /// <returns>The full path.</returns>
        /// <exception cref="CXoneException">InvalidArgument when the path would leave the folder.</exception>
        public static string PathIn(string folder, string name)
        {
            var target = Path.GetFullPath(Path.Combine(folder, name));
            var separator = Path.DirectorySeparatorChar.ToString();
            var folderPrefix = folder.EndsWith(separator, StringComparison.Ordinal) ? folder : folder + separator;
            if (!target.StartsWith(folderPrefix, StringComparison.Ordinal) || Path.GetDirectoryName(target) != folder.TrimEnd(Path.DirectorySeparatorChar))
            {
                throw new CXoneException(CXoneErrorKind.InvalidArgument, "The file name '" + name + "' would leave the target folder.", "Report this recording's ids: the server sent values that cannot be used as a file name.");
            }

            return target;
        }

        private static string Safe(string? value, string fallback)
        {
            var sb = new StringBuilder();
            foreach (var c in value ?? string.Empty)
            {
                sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ? c : '_');
            }

            var s = sb.ToString();
            while (s.Contains(".."))
            {
                s = s.Replace("..", "_");
            }

            s = s.Trim('.');
            if (s.Length > MaxPartLength)
            {
                s = s.Substring(0, MaxPartLength);
            }

            return s.Length == 0 ? fallback : s;
        }
    }
}
