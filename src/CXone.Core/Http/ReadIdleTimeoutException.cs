using System;
using System.Globalization;
using System.IO;
using CXone.Core.Diagnostics;

namespace CXone.Core.Http
{
    /// <summary>
    /// A streamed response body sent no byte for <see cref="CXoneHttpOptions.ReadIdleTimeout"/>. An
    /// <see cref="IOException"/> on purpose: a stalled connection is handled like a dropped one (a recording download
    /// resumes it with <c>Range</c>); where it ends a call, <see cref="Errors.CXoneErrors.FromBodyFailure"/> makes it
    /// a Timeout that names the cause.
    /// </summary>
    internal sealed class ReadIdleTimeoutException : IOException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="idle">The read-idle timeout that passed.</param>
        /// <param name="bytesRead">Bytes of the body read before the stall.</param>
        /// <param name="inner">The read's own failure (its cancellation), when any.</param>
        public ReadIdleTimeoutException(TimeSpan idle, long bytesRead, Exception? inner = null)
            : base("No byte arrived for " + UtcText.Duration(idle) + " (read-idle timeout) after " + bytesRead.ToString("N0", CultureInfo.InvariantCulture) + " bytes of the body.", inner)
        {
            Idle = idle;
            BytesRead = bytesRead;
        }

        /// <summary>The read-idle timeout that passed.</summary>
        public TimeSpan Idle { get; }

        /// <summary>Bytes of the body read before the stall.</summary>
        public long BytesRead { get; }
    }
}
