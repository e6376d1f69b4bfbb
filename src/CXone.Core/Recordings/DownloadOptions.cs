using System;
using CXone.Core.Errors;

namespace CXone.Core.Recordings
{
    /// <summary>Where and how <see cref="RecordingsClient"/> saves media files.</summary>
    public sealed class DownloadOptions
    {
        private int _throttleLimit = 4;

        /// <summary>The target folder (created when missing). Files are named <c>&lt;contactId&gt;_&lt;interactionIndex&gt;_&lt;mediaType&gt;.mp4</c>, sanitized.</summary>
        public string Folder { get; set; } = string.Empty;

        /// <summary>Replace files that already exist (default false: an existing file is skipped).</summary>
        public bool Overwrite { get; set; }

        /// <summary>Downloads at once in bulk (1..32, default 4).</summary>
        /// <exception cref="CXoneException">InvalidArgument outside 1..32.</exception>
        public int ThrottleLimit
        {
            get => _throttleLimit;
            set => _throttleLimit = value >= 1 && value <= 32
                ? value
                : throw new CXoneException(CXoneErrorKind.InvalidArgument, "ThrottleLimit must be between 1 and 32.", "Pass a ThrottleLimit between 1 and 32.");
        }

        /// <summary>When set, one JSON line per saved or skipped file is appended here: <c>{"contactId","interactionIndex","mediaType","status","file","bytes","sha256","timeUtc"}</c>.</summary>
        public string? ManifestPath { get; set; }

        /// <summary>The <c>media-type</c> used when bulk items are contact ids (default <c>all</c>).</summary>
        public string MediaType { get; set; } = "all";

        /// <summary>How often progress is reported per file at most (default 250 ms, on the session's clock).</summary>
        public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>Resumes (with <c>Range</c>) allowed per file after dropped connections (default 5).</summary>
        public int MaxResumes { get; set; } = 5;

        /// <summary>Progress activity id of the caller's overall activity, or -1.</summary>
        public int ParentActivityId { get; set; } = -1;
    }

    /// <summary>What happened to one download.</summary>
    public enum DownloadStatus
    {
        /// <summary>The file was written and verified against Content-Length.</summary>
        Saved,
        /// <summary>The file already existed and <see cref="DownloadOptions.Overwrite"/> was off.</summary>
        Skipped,
        /// <summary>Media playback has no recording for the contact (404).</summary>
        NotFound,
        /// <summary>The download failed; see <see cref="DownloadResult.Reason"/> and <see cref="DownloadResult.Error"/>.</summary>
        Failed,
    }

    /// <summary>The outcome of one download (one per recording; one per contact id that has none).</summary>
    public sealed class DownloadResult
    {
        /// <summary>The contact id of the recording (or the contact id looked up).</summary>
        public string ContactId { get; set; } = string.Empty;

        /// <summary>Interaction index within the contact, or -1 when no recording was involved.</summary>
        public int InteractionIndex { get; set; } = -1;

        /// <summary>The media type, when known.</summary>
        public string? MediaType { get; set; }

        /// <summary>What happened.</summary>
        public DownloadStatus Status { get; set; }

        /// <summary>The full path of the file (saved or skipped), else null.</summary>
        public string? Path { get; set; }

        /// <summary>Size of the file in bytes (saved or skipped).</summary>
        public long Bytes { get; set; }

        /// <summary>SHA-256 of the saved file, lowercase hex (null when skipped or failed).</summary>
        public string? Sha256 { get; set; }

        /// <summary>Why it was not saved (sanitized), else null.</summary>
        public string? Reason { get; set; }

        /// <summary>The failure, when there was one.</summary>
        public CXoneException? Error { get; set; }

        /// <summary>How often the download resumed with <c>Range</c> after a dropped connection.</summary>
        public int Resumes { get; set; }

        /// <summary>True when the temporary URL had expired and was looked up again.</summary>
        public bool UrlRenewed { get; set; }

        /// <summary>For example <c>Saved 123 #0 voice-only (262144 bytes)</c>.</summary>
        public override string ToString() =>
            Status + " " + ContactId + (InteractionIndex >= 0 ? " #" + InteractionIndex.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)
            + (MediaType is null ? string.Empty : " " + MediaType)
            + (Status == DownloadStatus.Saved || Status == DownloadStatus.Skipped ? " (" + Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes)" : Reason is null ? string.Empty : ": " + Reason);
    }
}
