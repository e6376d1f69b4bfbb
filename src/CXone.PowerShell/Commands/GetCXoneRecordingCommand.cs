using System.Globalization;
using System.Management.Automation;
using CXone.Core.Errors;
using CXone.Core.Recordings;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Get-CXoneRecording</c>: the recordings of contacts (or segments) from media playback (docs/cxone-api.md
    /// section 4), one object per interaction. A contact without a recording is a non-terminating error
    /// <c>CXone.RecordingNotFound</c> and the pipeline goes on; so is any other failure of one lookup (a 403, a 429 or
    /// 5xx after every retry) unless it stops the whole session (<see cref="CXoneException.StopsTheSession"/>). One Core call per id:
    /// <see cref="RecordingsClient.GetByContactAsync"/> or <see cref="RecordingsClient.GetBySegmentAsync"/>.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CXoneRecording", DefaultParameterSetName = ContactSet)]
    [OutputType(typeof(CXoneRecording))]
    public sealed class GetCXoneRecordingCommand : CXoneSessionCmdlet
    {
        private const string ContactSet = "ContactId", SegmentSet = "SegmentId";

        /// <summary>Master contact ids; from the pipeline as numbers or as the ContactId/MasterContactId/AcdContactId property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ContactSet)]
        [Alias("MasterContactId", "AcdContactId")]
        public long[] ContactId { get; set; } = null!;

        /// <summary>Segment ids (for example from <c>SegmentIds</c> of a recording), from the pipeline by property name <c>SegmentId</c>.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SegmentSet)]
        public string[] SegmentId { get; set; } = null!;

        /// <summary>voice-only, voice-and-screen, chat, email or all (default).</summary>
        [Parameter]
        [ValidateSet("all", "voice-only", "voice-and-screen", "chat", "email")]
        public string MediaType { get; set; } = "all";

        /// <summary>Looks up each id and writes its recordings, or a RecordingNotFound error.</summary>
        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var bySegment = ParameterSetName == SegmentSet;
            var ids = bySegment ? SegmentId : System.Array.ConvertAll(ContactId, id => id.ToString(CultureInfo.InvariantCulture));
            Run(
                async (pump, ct) =>
                {
                    foreach (var id in ids)
                    {
                        var target = (bySegment ? "segment " : "contact ") + id;
                        RecordingLookup lookup;
                        try
                        {
                            lookup = bySegment
                                ? await session.Recordings.GetBySegmentAsync(id, MediaType, ct).ConfigureAwait(false)
                                : await session.Recordings.GetByContactAsync(id, MediaType, ct).ConfigureAwait(false);
                        }
                        catch (CXoneException e) when (!e.StopsTheSession)
                        {
                            // This id's lookup failed after every retry: an error for this item, the next one goes on.
                            pump.EmitError(e, target);
                            continue;
                        }

                        if (CmdletMaps.IsMissing(lookup))
                        {
                            pump.EmitError(CmdletMaps.RecordingNotFound(id, lookup.NotFoundReason), target);
                            continue;
                        }

                        foreach (var recording in lookup.Recordings)
                        {
                            await pump.EmitAsync(recording, ct).ConfigureAwait(false);
                        }
                    }
                },
                (bySegment ? "segment " : "contact ") + string.Join(", ", ids));
        }
    }
}
