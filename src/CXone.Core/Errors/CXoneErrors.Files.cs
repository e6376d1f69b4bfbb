using System;
using System.IO;
using CXone.Core.Diagnostics;
using CXone.Core.IO;

namespace CXone.Core.Errors
{
    /// <summary>The errors of local files: a file that cannot be created, written or renamed.</summary>
    public static partial class CXoneErrors
    {
        /// <summary>Whether <paramref name="error"/> is a failure of a local file (as opposed to the connection).</summary>
        /// <param name="error">Any exception.</param>
        internal static bool IsLocalFile(Exception error) =>
            error is LocalFileException || error is IOException || error is UnauthorizedAccessException || error is ArgumentException || error is NotSupportedException;

        /// <summary>
        /// The exception for a local file that could not be written: InvalidArgument naming the folder and the file
        /// system's reason.
        /// </summary>
        /// <param name="error">The file system's exception (a <see cref="LocalFileException"/> is unwrapped).</param>
        /// <param name="what">What was being written, for example <c>the recording of 123 #0</c> or <c>'page.json'</c>.</param>
        /// <param name="folder">The folder it was written in.</param>
        /// <returns>The exception to throw.</returns>
        internal static CXoneException LocalFile(Exception error, string what, string folder)
        {
            var inner = error is LocalFileException l ? l.Cause : error;
            return new CXoneException(
                CXoneErrorKind.InvalidArgument,
                "Could not write " + what + " in '" + folder + "': " + Redactor.Excerpt(inner.Message),
                "Check that the folder exists or can be created, is writable, has free space, and that no other download writes the same file.",
                innerException: inner);
        }
    }
}
