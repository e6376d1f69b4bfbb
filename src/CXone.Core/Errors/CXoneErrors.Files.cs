using System;
using System.Globalization;
using System.IO;
using CXone.Core.Diagnostics;
using CXone.Core.IO;

namespace CXone.Core.Errors
{
    /// <summary>The errors of local files: a file that cannot be created, written or renamed, or a full disk.</summary>
    public static partial class CXoneErrors
    {
        /// <summary>ENOSPC, as .NET reports it on Linux and macOS (the raw errno).</summary>
        private const int Enospc = 28;

        /// <summary>Windows ERROR_HANDLE_DISK_FULL.</summary>
        private const int ErrorHandleDiskFull = 0x27;

        /// <summary>Windows ERROR_DISK_FULL.</summary>
        private const int ErrorDiskFull = 0x70;

        /// <summary>The facility of a Windows error code carried in an HRESULT (0x8007xxxx).</summary>
        private const int Win32Facility = unchecked((int)0x80070000);

        /// <summary>Whether <paramref name="error"/> is a failure of a local file (as opposed to the connection).</summary>
        /// <param name="error">Any exception.</param>
        internal static bool IsLocalFile(Exception error) =>
            error is LocalFileException || error is IOException || error is UnauthorizedAccessException || error is ArgumentException || error is NotSupportedException;

        /// <summary>
        /// Whether <paramref name="error"/> says the disk is full: HResult ENOSPC (28, Unix), or ERROR_DISK_FULL (0x70)
        /// or ERROR_HANDLE_DISK_FULL (0x27) on Windows, as a bare code or as an HRESULT 0x8007xxxx.
        /// </summary>
        /// <param name="error">Any exception (a <see cref="LocalFileException"/> is unwrapped).</param>
        internal static bool IsDiskFull(Exception? error)
        {
            var io = error is LocalFileException l ? l.Cause : error as IOException;
            if (io is null)
            {
                return false;
            }

            var h = io.HResult;
            return h == Enospc || h == ErrorDiskFull || h == ErrorHandleDiskFull
                || h == (Win32Facility | ErrorDiskFull) || h == (Win32Facility | ErrorHandleDiskFull);
        }

        /// <summary>
        /// The exception for a local file that could not be written: DiskFull when the disk ran out of space (naming the
        /// folder, the bytes needed and the bytes written), otherwise InvalidArgument naming the folder and the file
        /// system's reason.
        /// </summary>
        /// <param name="error">The file system's exception (a <see cref="LocalFileException"/> is unwrapped).</param>
        /// <param name="what">What was being written, for example <c>the recording of 123 #0</c> or <c>'page.json'</c>.</param>
        /// <param name="folder">The folder it was written in.</param>
        /// <param name="needed">The size of the whole file in bytes (Content-Length), when the server announced it.</param>
        /// <param name="written">Bytes written before the failure, when known.</param>
        /// <returns>The exception to throw.</returns>
        internal static CXoneException LocalFile(Exception error, string what, string folder, long? needed = null, long? written = null)
        {
            var inner = error is LocalFileException l ? l.Cause : error;
            if (IsDiskFull(inner))
            {
                return new CXoneException(
                    CXoneErrorKind.DiskFull,
                    "The disk is full: could not write " + what + " in '" + folder + "' (" + Needed(needed, written) + "). Nothing partial was kept.",
                    ActionFor(CXoneErrorKind.DiskFull),
                    innerException: inner);
            }

            return new CXoneException(
                CXoneErrorKind.InvalidArgument,
                "Could not write " + what + " in '" + folder + "': " + Redactor.Excerpt(inner.Message),
                "Check that the folder exists or can be created, is writable, has free space, and that no other download writes the same file.",
                innerException: inner);
        }

        private static string Needed(long? needed, long? written)
        {
            var text = needed is { } n
                ? n.ToString("N0", CultureInfo.InvariantCulture) + " bytes needed"
                : "the server did not announce the size";
            return written is { } w && w > 0 ? text + ", " + w.ToString("N0", CultureInfo.InvariantCulture) + " written when the disk filled" : text;
        }
    }
}
