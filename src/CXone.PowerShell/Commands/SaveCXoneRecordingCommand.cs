using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Recordings;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Save-CXoneRecording</c>: downloads recordings from the pipeline (or contact ids) into a folder, at most
    /// <c>-ThrottleLimit</c> at once, while more arrive; one result per file (path, bytes, SHA-256, contact id).
    /// ShouldProcess is asked on the pipeline thread before an item is queued. A file that fails is a non-terminating
    /// error for that item; a failure that ends the run (<see cref="CXoneFailurePolicy"/>: the session is gone) stops
    /// the cmdlet at once with one terminating error. One Core call:
    /// <see cref="RecordingsClient.DownloadManyAsync(System.Collections.Generic.IAsyncEnumerable{CXoneRecording}, DownloadOptions, System.Threading.CancellationToken)"/>.
    /// </summary>
    [Cmdlet(VerbsData.Save, "CXoneRecording", SupportsShouldProcess = true, DefaultParameterSetName = RecordingSet)]
    [OutputType(typeof(DownloadResult))]
    public sealed class SaveCXoneRecordingCommand : CXoneSessionCmdlet
    {
        private const string RecordingSet = "Recording", ContactSet = "ContactId";
        private const int BatchActivity = 0;
        private AsyncFeed<CXoneRecording>? _recordings;
        private AsyncFeed<string>? _contactIds;
        private DownloadOptions? _options;
        private int _finished;

        /// <summary>Recordings from Get-CXoneRecording.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = RecordingSet)]
        public CXoneRecording[] InputObject { get; set; } = null!;

        /// <summary>Master contact ids: every recording of each is saved.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ContactSet)]
        [Alias("MasterContactId", "AcdContactId")]
        public long[] ContactId { get; set; } = null!;

        /// <summary>The folder to save into (created when missing).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Path { get; set; } = string.Empty;

        /// <summary>Downloads at once (1 to 32, default 4).</summary>
        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>Overwrites files that exist (default: skip them).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>A JSON-lines file that gets one line per saved or skipped file.</summary>
        [Parameter]
        public string? ManifestPath { get; set; }

        /// <summary>With -ContactId: voice-only, voice-and-screen, chat, email or all (default).</summary>
        [Parameter(ParameterSetName = ContactSet)]
        [ValidateSet("all", "voice-only", "voice-and-screen", "chat", "email")]
        public string MediaType { get; set; } = "all";

        /// <summary>Asks ShouldProcess for each item, queues it for the running download and writes what finished.</summary>
        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            _options ??= new DownloadOptions
            {
                Folder = GetUnresolvedProviderPathFromPSPath(Path), Overwrite = Force, ThrottleLimit = ThrottleLimit, MediaType = MediaType,
                ManifestPath = ManifestPath is null ? null : GetUnresolvedProviderPathFromPSPath(ManifestPath), ParentActivityId = BatchActivity,
            };
            var options = _options;
            if (ParameterSetName == RecordingSet)
            {
                foreach (var recording in InputObject)
                {
                    if (ShouldProcess("recording of contact " + recording.ContactId + " #" + recording.InteractionIndex.ToString(CultureInfo.InvariantCulture) + " to " + options.Folder, "Save"))
                    {
                        _recordings ??= Start(feed => session.Recordings.DownloadManyAsync(feed, options, StopToken), new AsyncFeed<CXoneRecording>());
                        _recordings.Add(recording);
                    }
                }
            }
            else
            {
                foreach (var id in ContactId)
                {
                    if (ShouldProcess("recordings of contact " + id.ToString(CultureInfo.InvariantCulture) + " to " + options.Folder, "Save"))
                    {
                        _contactIds ??= Start(feed => session.Recordings.DownloadManyAsync(feed, options, StopToken), new AsyncFeed<string>());
                        _contactIds.Add(id.ToString(CultureInfo.InvariantCulture));
                    }
                }
            }

            DrainBackground();
        }

        /// <summary>Ends the input and writes every remaining result.</summary>
        protected override void EndProcessing()
        {
            _recordings?.Complete();
            _contactIds?.Complete();
            FinishBackground(_options?.Folder);
            Progress(new CXoneReport(CXoneReportKind.Progress, "Done") { ActivityId = BatchActivity, Activity = "Saving recordings", IsCompleted = true });
        }

        private AsyncFeed<T> Start<T>(System.Func<AsyncFeed<T>, System.Collections.Generic.IAsyncEnumerable<DownloadResult>> download, AsyncFeed<T> feed)
        {
            StartBackground(async (pump, ct) =>
            {
                await foreach (var result in download(feed).ConfigureAwait(false))
                {
                    pump.Post(() => Write(result));
                }
            });
            return feed;
        }

        private void Write(DownloadResult result)
        {
            var queued = (_recordings?.Count ?? 0) + (_contactIds?.Count ?? 0);
            _finished++;
            Progress(new CXoneReport(CXoneReportKind.Progress, _finished.ToString(CultureInfo.InvariantCulture) + " done, " + queued.ToString(CultureInfo.InvariantCulture) + " queued")
            { ActivityId = BatchActivity, Activity = "Saving recordings", Completed = _finished, Total = _contactIds is null ? queued : (long?)null });
            if (result.Status == DownloadStatus.Saved || result.Status == DownloadStatus.Skipped)
            {
                WriteObject(result);
            }
            else
            {
                // One rule for every item-by-item cmdlet: a failure that means the session is gone (a revoked
                // credential) ends the run at once instead of repeating itself for every queued item.
                var error = CXoneErrors.DownloadFailed(result);
                var target = "contact " + result.ContactId;
                if (CXoneFailurePolicy.EndsPipeline(error))
                {
                    Terminate(error, target);
                }

                WriteError(Errors.ErrorRecords.Create(error, target));
            }
        }
    }
}
