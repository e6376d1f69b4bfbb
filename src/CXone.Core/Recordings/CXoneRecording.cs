using System;
using System.Collections.Generic;
using System.Globalization;
using CXone.Core.Diagnostics;

namespace CXone.Core.Recordings
{
    /// <summary>
    /// One recorded interaction of a contact, from media playback (docs/cxone-api.md section 4). Times are UTC.
    /// The temporary storage URL is never a property (see <see cref="GetFileUrl"/>); <see cref="FileLocation"/> and
    /// <see cref="ToString"/> show it without its query.
    /// </summary>
    public sealed class CXoneRecording
    {
        /// <summary>The id the recording was looked up by: the master contact id (<c>acd-call-id</c>), or the segment id for a segment lookup.</summary>
        public string MasterContactId { get; set; } = string.Empty;

        /// <summary>The <c>contactId</c> media playback answered with (the looked-up id when absent).</summary>
        public string ContactId { get; set; } = string.Empty;

        /// <summary>The ACD contact id (<c>acdcontactId</c>), when given.</summary>
        public string? AcdContactId { get; set; }

        /// <summary>Position of this interaction in the answer's <c>interactions</c> array (0-based).</summary>
        public int InteractionIndex { get; set; }

        /// <summary>The media type of the interaction (<c>voice-only</c>, <c>voice-and-screen</c>, <c>chat</c>, <c>email</c>).</summary>
        public string MediaType { get; set; } = string.Empty;

        /// <summary>The channel type, when given.</summary>
        public string? ChannelType { get; set; }

        /// <summary>Start of the interaction (UTC).</summary>
        public DateTimeOffset? StartTime { get; set; }

        /// <summary>End of the interaction (UTC).</summary>
        public DateTimeOffset? EndTime { get; set; }

        /// <summary><see cref="EndTime"/> minus <see cref="StartTime"/>, when both are known.</summary>
        public TimeSpan? Duration { get; set; }

        /// <summary>The agent of the interaction (from <c>participantDataList</c>), when given.</summary>
        public string? AgentId { get; set; }

        /// <summary>The agent's name, when given.</summary>
        public string? AgentName { get; set; }

        /// <summary>Segment ids (<c>segmentsDataList[].segmentId</c>).</summary>
        public IReadOnlyList<string> SegmentIds { get; set; } = Array.Empty<string>();

        /// <summary>
        /// The temporary media file URL (<c>fileToPlayUrl</c>, docs/cxone-api.md section 4). Internal so that no
        /// property of a recording holds it whole: its query is a signature that lets anyone download the recording
        /// until it expires, and PowerShell shows, converts and exports every public property
        /// (<c>Format-List *</c>, <c>ConvertTo-Json</c>, <c>Export-Csv</c>). Read it with <see cref="GetFileUrl"/>.
        /// </summary>
        internal Uri? FileUrl { get; set; }

        /// <summary>Where the media file is, without the signed query (<c>https://host/path</c>), or null when media playback gave none.</summary>
        public string? FileLocation => FileUrl is null ? null : Redactor.SafeUrl(FileUrl);

        /// <summary>
        /// The temporary media file URL with its signed query, for a tool that downloads it itself. Fetch it without
        /// the CXone token (it may be on another host) and never log it: anyone holding it can download the recording
        /// until it expires (15 minutes is typical).
        /// </summary>
        /// <returns>The absolute URL, or null when media playback gave none.</returns>
        public Uri? GetFileUrl() => FileUrl;

        /// <summary>The <c>media-type</c> value used for the lookup (to look the recording up again when the URL has expired).</summary>
        public string LookupMediaType { get; set; } = "all";

        /// <summary>True when this came from a segment lookup (<see cref="MasterContactId"/> then holds the segment id).</summary>
        public bool FromSegmentLookup { get; set; }

        /// <summary>For example <c>Recording 123 #0 voice-only https://storage.example/media/abc.mp4</c> (no query).</summary>
        public override string ToString() =>
            "Recording " + ContactId + " #" + InteractionIndex.ToString(CultureInfo.InvariantCulture) + " " + MediaType
            + (FileUrl is null ? string.Empty : " " + Redactor.SafeUrl(FileUrl));
    }

    /// <summary>
    /// The answer of a media playback lookup for one contact: its recordings, or a not-found outcome with the
    /// explanation of docs/cxone-api.md section 4 (404 is a per-item outcome, not an exception).
    /// </summary>
    public sealed class RecordingLookup
    {
        /// <summary>The explanation given for a 404 from media playback.</summary>
        public const string NotFoundExplanation = "The contact does not exist, has no recording, is older than 2018-12-13, or the recording expired.";

        /// <summary>The id looked up (master contact id or segment id).</summary>
        public string ContactId { get; set; } = string.Empty;

        /// <summary>False when media playback answered 404.</summary>
        public bool Found { get; set; }

        /// <summary>One recording per interaction (empty when not found).</summary>
        public IReadOnlyList<CXoneRecording> Recordings { get; set; } = Array.Empty<CXoneRecording>();

        /// <summary>Why nothing was found: <see cref="NotFoundExplanation"/> plus the service's message, when given.</summary>
        public string? NotFoundReason { get; set; }

        /// <summary>For example <c>123: 2 recordings</c> or <c>123: not found</c>.</summary>
        public override string ToString() =>
            ContactId + ": " + (Found ? Recordings.Count.ToString(CultureInfo.InvariantCulture) + " recording(s)" : "not found");
    }
}
