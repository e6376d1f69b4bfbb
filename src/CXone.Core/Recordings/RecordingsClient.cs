using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.IO;

namespace CXone.Core.Recordings
{
    /// <summary>
    /// Media playback lookups and media file downloads (docs/cxone-api.md section 4). Lookups go through the API
    /// client (bearer token, retries) behind a client-side rate limit
    /// (<see cref="CXoneHttpOptions.MediaPlaybackPermits"/> per <see cref="CXoneHttpOptions.MediaPlaybackWindow"/>);
    /// files are fetched with a storage client that never carries the CXone token
    /// (<see cref="CXoneHttpPipeline.CreateStorageHandler"/>). Thread-safe; one instance per session.
    /// </summary>
    public sealed class RecordingsClient
    {
        /// <summary>The media types media playback accepts for <c>media-type</c>.</summary>
        public static readonly IReadOnlyList<string> MediaTypes = new[] { "all", "voice-only", "voice-and-screen", "chat", "email" };

        private readonly CXoneApiClient _api;
        private readonly HttpClient _storage;
        private readonly CXoneHttpOptions _options;
        private readonly TimeProvider _time;
        private readonly MediaPlaybackLimiter _limiter;

        /// <summary>Creates the client.</summary>
        /// <param name="api">The session's API client.</param>
        /// <param name="storageHttp">A client over <see cref="CXoneHttpPipeline.CreateStorageHandler"/> (no Authorization ever).</param>
        /// <param name="options">The session's HTTP options (media playback limit).</param>
        /// <param name="time">The session's clock (rate limit window, progress interval, manifest times).</param>
        public RecordingsClient(CXoneApiClient api, HttpClient storageHttp, CXoneHttpOptions options, TimeProvider time)
        {
            _api = api ?? throw new ArgumentNullException(nameof(api));
            _storage = storageHttp ?? throw new ArgumentNullException(nameof(storageHttp));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _time = time ?? throw new ArgumentNullException(nameof(time));
            _limiter = new MediaPlaybackLimiter(options.MediaPlaybackPermits, options.MediaPlaybackWindow, time);
        }

        /// <summary>
        /// Looks up the recordings of a contact: <c>GET media-playback/v1/contacts?acd-call-id=&lt;id&gt;&amp;media-type=&lt;type&gt;&amp;exclude-waveforms=true&amp;exclude-qm-categories=true</c>.
        /// Waits for the client-side rate limit first.
        /// </summary>
        /// <param name="contactId">The master contact id.</param>
        /// <param name="mediaType">One of <see cref="MediaTypes"/> (default <c>all</c>).</param>
        /// <param name="cancellationToken">Cancels the wait and the call.</param>
        /// <returns>The recordings, one per interaction; 404 gives <see cref="RecordingLookup.Found"/> false with the explanation.</returns>
        /// <exception cref="CXoneException">InvalidArgument for an empty id or unknown media type; any other API failure (401, 403, 429/5xx after retries, InvalidResponse).</exception>
        public Task<RecordingLookup> GetByContactAsync(string contactId, string mediaType, CancellationToken cancellationToken) =>
            LookupAsync(contactId, mediaType, segment: false, cancellationToken);

        /// <summary>Looks up the recordings of a segment: <c>GET media-playback/v1/segments/{segmentId}?media-type=...</c>. As <see cref="GetByContactAsync"/>.</summary>
        /// <param name="segmentId">The segment id.</param>
        /// <param name="mediaType">One of <see cref="MediaTypes"/>.</param>
        /// <param name="cancellationToken">Cancels the wait and the call.</param>
        /// <returns>The recordings; 404 gives the not-found outcome.</returns>
        /// <exception cref="CXoneException">As <see cref="GetByContactAsync"/>.</exception>
        public Task<RecordingLookup> GetBySegmentAsync(string segmentId, string mediaType, CancellationToken cancellationToken) =>
            LookupAsync(segmentId, mediaType, segment: true, cancellationToken);

        private async Task<RecordingLookup> LookupAsync(string id, string mediaType, bool segment, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new CXoneException(CXoneErrorKind.InvalidArgument, "A " + (segment ? "segment" : "contact") + " id is needed.", "Pass the master contact id of a completed contact.");
            }

            mediaType = string.IsNullOrWhiteSpace(mediaType) ? "all" : mediaType.Trim().ToLowerInvariant();
            if (Array.IndexOf((string[])MediaTypes, mediaType) < 0)
            {
                throw new CXoneException(CXoneErrorKind.InvalidArgument, "Unknown media type '" + mediaType + "'.", "Pass one of: " + string.Join(", ", MediaTypes) + ".");
            }

            id = id.Trim();
            var request = segment
                ? new CXoneRequest(HttpMethod.Get, "media-playback/v1/segments/" + Uri.EscapeDataString(id))
                : new CXoneRequest(HttpMethod.Get, "media-playback/v1/contacts");
            request.ThrowOnErrorStatus = false;
            request.Query = segment
                ? new Dictionary<string, string?> { ["media-type"] = mediaType, ["exclude-waveforms"] = "true", ["exclude-qm-categories"] = "true" }
                : new Dictionary<string, string?> { ["acd-call-id"] = id, ["media-type"] = mediaType, ["exclude-waveforms"] = "true", ["exclude-qm-categories"] = "true" };

            var response = await SendLimitedAsync(request, id, ct).ConfigureAwait(false);

            if (response.StatusCode == 404)
            {
                CXoneErrors.ReadServiceMessage(response.Text, out _, out var message);
                return new RecordingLookup
                {
                    ContactId = id,
                    Found = false,
                    NotFoundReason = RecordingLookup.NotFoundExplanation + (string.IsNullOrWhiteSpace(message) ? string.Empty : " (" + Redactor.Sanitize(message) + ")"),
                };
            }

            var what = "GET /" + (segment ? "media-playback/v1/segments/{segmentId}" : "media-playback/v1/contacts");
            if (response.StatusCode >= 400)
            {
                throw CXoneErrors.FromStatus(response.StatusCode, response.Text, response.GetHeader(CXoneErrors.StatusDescriptionHeader), _api.ApiEndpoint.Authority, what);
            }

            if (response.Json is null)
            {
                throw CXoneErrors.InvalidResponse(response.Text, response.StatusCode, _api.ApiEndpoint.Authority, what);
            }

            var recordings = MediaPlaybackParser.Parse(response.Json.Value, id, mediaType, segment);
            return new RecordingLookup { ContactId = id, Found = true, Recordings = recordings };
        }

        /// <summary>
        /// Sends one lookup behind the limiter. A 429 whose <c>Retry-After</c> (up to the whole window) is longer than
        /// the pipeline's retries wait (MaxDelay), so that it came back unretried, goes back to the limiter, which
        /// lowers its limit and makes every lookup wait; the lookup then waits its turn again, at most MaxRetries
        /// times. Any other 429 (no Retry-After, or a short one retried as often as allowed) is returned as it is.
        /// </summary>
        private async Task<CXoneResponse> SendLimitedAsync(CXoneRequest request, string id, CancellationToken ct)
        {
            for (var round = 0; ; round++)
            {
                var lease = await _limiter.AcquireAsync(ct).ConfigureAwait(false);
                CXoneResponse response;
                try
                {
                    response = await _api.SendAsync(request, ct).ConfigureAwait(false);
                }
                catch
                {
                    lease.Dispose();
                    throw;
                }

                var retryAfter = response.StatusCode == 429 ? RetryAfterDelay.Parse(response.GetHeader("Retry-After"), _time.GetUtcNow()) : null;
                if (!(retryAfter > _options.MaxDelay) || !_limiter.Enabled || round >= _options.MaxRetries)
                {
                    // Not the window's 429 (none, or one the pipeline already retried as often as it may): as is.
                    lease.Dispose();
                    return response;
                }

                lease.Throttled(retryAfter);
                CXoneReporting.Verbose("Media playback throttled the lookup of " + Redactor.Excerpt(id, 64) + " (429); the limit is now "
                    + _limiter.Permits.ToString(CultureInfo.InvariantCulture) + " per " + UtcText.Duration(_options.MediaPlaybackWindow)
                    + ", waiting " + (retryAfter.HasValue ? RetryWaitRule.Seconds(retryAfter.Value) + " s (Retry-After)" : "for the window") + ".");
            }
        }

        /// <summary>The limiter of media playback lookups (a benchmark's manual-clock driver reads <see cref="MediaPlaybackLimiter.Waiting"/>).</summary>
        internal MediaPlaybackLimiter Limiter => _limiter;

        /// <summary>
        /// The file name for a recording: <c>&lt;contactId&gt;_&lt;interactionIndex&gt;_&lt;mediaType&gt;&lt;ext&gt;</c>, each part
        /// reduced to letters, digits, <c>.</c>, <c>-</c> and <c>_</c> (no separators, no <c>..</c>), so no value from the
        /// server can leave the target folder. The extension comes from the URL when it is a known media extension, else <c>.mp4</c>.
        /// </summary>
        /// <param name="recording">The recording.</param>
        /// <returns>A bare file name.</returns>
        public static string FileNameFor(CXoneRecording recording) => RecordingFileNames.For(recording);

        /// <summary>
        /// Opens the partial file of a download given its path (null: a <see cref="FileStream"/>). Tests set a stream
        /// whose write, flush or close fails, to prove that no partial file survives a full disk.
        /// </summary>
        internal Func<string, Stream>? OpenFile { get; set; }

        /// <summary>
        /// Downloads one recording to <see cref="DownloadOptions.Folder"/>: streams <see cref="CXoneRecording.FileUrl"/>
        /// without the CXone token to <c>&lt;name&gt;.partial</c>, hashing with SHA-256 on the way, checks the length
        /// against Content-Length, then renames it into place. A dropped connection resumes with <c>Range</c>; an expired
        /// URL (403/410) is looked up again once. An existing file is skipped unless <see cref="DownloadOptions.Overwrite"/>.
        /// Progress (bytes done, bytes total) is reported through <see cref="CXoneReporting"/> at most every
        /// <see cref="DownloadOptions.ProgressInterval"/>. On failure or cancellation no <c>.partial</c> and no target file is left.
        /// </summary>
        /// <param name="recording">The recording.</param>
        /// <param name="options">Target folder and switches.</param>
        /// <param name="cancellationToken">Cancels the download (the partial file is deleted).</param>
        /// <returns>
        /// Saved, Skipped, NotFound (the renewal lookup found nothing) or Failed with the reason; failures are results,
        /// not exceptions. A full disk is Failed with <see cref="CXoneErrorKind.DiskFull"/> naming the folder and the
        /// bytes needed; any other local file failure is <see cref="CXoneErrorKind.InvalidArgument"/>.
        /// </returns>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public async Task<DownloadResult> DownloadAsync(CXoneRecording recording, DownloadOptions options, CancellationToken cancellationToken)
        {
            if (recording is null)
            {
                throw new ArgumentNullException(nameof(recording));
            }

            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var result = new DownloadResult { ContactId = recording.ContactId, InteractionIndex = recording.InteractionIndex, MediaType = recording.MediaType };
            try
            {
                await DownloadCoreAsync(recording, options, result, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && !(e is OperationCanceledException))
            {
                // Cancelling disposes the body stream, which may surface as an I/O error: it is still a cancellation.
                throw new OperationCanceledException("The download was cancelled.", e, cancellationToken);
            }
            catch (CXoneException e)
            {
                Fail(result, e);
            }
            catch (Exception e) when (CXoneErrors.IsLocalFile(e))
            {
                Fail(result, CXoneErrors.LocalFile(e, What(recording), options.Folder));
            }

            return result;
        }

        private static string What(CXoneRecording recording) =>
            "the recording of " + recording.ContactId + " #" + recording.InteractionIndex.ToString(CultureInfo.InvariantCulture);

        private static void Fail(DownloadResult result, CXoneException e)
        {
            result.Status = e.Kind == CXoneErrorKind.RecordingNotFound ? DownloadStatus.NotFound : DownloadStatus.Failed;
            result.Reason = e.Message;
            result.Error = e;
            result.Path = null;
            result.Sha256 = null;
            result.Bytes = 0;
        }

        private async Task DownloadCoreAsync(CXoneRecording recording, DownloadOptions options, DownloadResult result, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(options.Folder))
            {
                throw new CXoneException(CXoneErrorKind.InvalidArgument, "No target folder was given.", "Pass the folder to save recordings in.");
            }

            var folder = Path.GetFullPath(options.Folder);
            Directory.CreateDirectory(folder);
            var name = RecordingFileNames.For(recording);
            var target = RecordingFileNames.PathIn(folder, name);
            if (File.Exists(target) && !options.Overwrite)
            {
                result.Status = DownloadStatus.Skipped;
                result.Path = target;
                result.Bytes = new FileInfo(target).Length;
                result.Reason = "The file already exists.";
                CXoneReporting.Verbose("Skipped " + name + ": it already exists.");
                return;
            }

            var url = recording.FileUrl
                ?? throw new CXoneException(CXoneErrorKind.InvalidResponse, "Media playback gave no file URL for " + recording + ".", CXoneErrors.ActionFor(CXoneErrorKind.InvalidResponse));
            var progress = new DownloadProgress(recording, name, options, _time);
            var saved = false;
            try
            {
                using var file = AtomicFile.Create(target, OpenFile);
                using var copier = new HashingCopier(hash: true);
                var downloader = new ResumableDownloader(_storage, recording, name, options.MaxResumes, c => RenewAsync(recording, c));
                string sha256;
                try
                {
                    await downloader.DownloadAsync(url, file.Stream, copier, progress.Advance, ct).ConfigureAwait(false);
                    sha256 = copier.FinishHex();
                    await file.CommitAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (!ct.IsCancellationRequested && !(e is CXoneException) && CXoneErrors.IsLocalFile(e))
                {
                    // The file failed, not the connection: say how much room the recording needed.
                    throw CXoneErrors.LocalFile(e, What(recording), folder, downloader.Total, copier.Bytes);
                }
                finally
                {
                    result.Resumes = downloader.Resumes;
                    result.UrlRenewed = downloader.UrlRenewed;
                }

                saved = true;
                result.Status = DownloadStatus.Saved;
                result.Path = target;
                result.Bytes = copier.Bytes;
                result.Sha256 = sha256;
                progress.Complete(copier.Bytes, downloader.Total ?? copier.Bytes);
                CXoneReporting.Verbose("Saved " + name + " (" + copier.Bytes.ToString(CultureInfo.InvariantCulture) + " bytes).");
            }
            finally
            {
                if (!saved)
                {
                    progress.Abandon();
                }
            }
        }

        private async Task<Uri> RenewAsync(CXoneRecording recording, CancellationToken ct)
        {
            var lookup = recording.FromSegmentLookup
                ? await GetBySegmentAsync(recording.MasterContactId, recording.LookupMediaType, ct).ConfigureAwait(false)
                : await GetByContactAsync(string.IsNullOrEmpty(recording.MasterContactId) ? recording.ContactId : recording.MasterContactId, recording.LookupMediaType, ct).ConfigureAwait(false);
            if (!lookup.Found)
            {
                throw new CXoneException(CXoneErrorKind.RecordingNotFound, "The recording of " + lookup.ContactId + " is gone: " + lookup.NotFoundReason, CXoneErrors.ActionFor(CXoneErrorKind.RecordingNotFound), 404);
            }

            foreach (var r in lookup.Recordings)
            {
                if (r.InteractionIndex == recording.InteractionIndex && r.FileUrl != null)
                {
                    recording.FileUrl = r.FileUrl;
                    return r.FileUrl;
                }
            }

            throw new CXoneException(CXoneErrorKind.RecordingNotFound, "Media playback no longer lists interaction " + recording.InteractionIndex.ToString(CultureInfo.InvariantCulture) + " of " + lookup.ContactId + ".", CXoneErrors.ActionFor(CXoneErrorKind.RecordingNotFound), 404);
        }

        /// <summary>
        /// Downloads many recordings with at most <see cref="DownloadOptions.ThrottleLimit"/> at once. Yields one result
        /// per recording as each finishes (not in input order); one item's failure never stops the others. Appends to
        /// the manifest when <see cref="DownloadOptions.ManifestPath"/> is set.
        /// </summary>
        /// <param name="recordings">The recordings (read lazily).</param>
        /// <param name="options">Target folder and switches.</param>
        /// <param name="cancellationToken">Cancels every download still running; their partial files are deleted.</param>
        /// <returns>One result per recording.</returns>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public IAsyncEnumerable<DownloadResult> DownloadManyAsync(IAsyncEnumerable<CXoneRecording> recordings, DownloadOptions options, CancellationToken cancellationToken)
        {
            if (recordings is null)
            {
                throw new ArgumentNullException(nameof(recordings));
            }

            return RunManyAsync(
                recordings,
                async (r, ct) => new[] { await DownloadAsync(r, options, ct).ConfigureAwait(false) },
                r => new DownloadResult { ContactId = r.ContactId, InteractionIndex = r.InteractionIndex, MediaType = r.MediaType },
                options,
                cancellationToken);
        }

        /// <summary>
        /// Looks up each contact id (media type <see cref="DownloadOptions.MediaType"/>) and downloads every recording it
        /// has, with at most <see cref="DownloadOptions.ThrottleLimit"/> contacts at once. Yields one result per recording,
        /// or one NotFound result for a contact without recordings; failures are results, never a stop.
        /// </summary>
        /// <param name="contactIds">Master contact ids (read lazily).</param>
        /// <param name="options">Target folder and switches.</param>
        /// <param name="cancellationToken">Cancels every download still running.</param>
        /// <returns>The results as they finish.</returns>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public IAsyncEnumerable<DownloadResult> DownloadManyAsync(IAsyncEnumerable<string> contactIds, DownloadOptions options, CancellationToken cancellationToken)
        {
            if (contactIds is null)
            {
                throw new ArgumentNullException(nameof(contactIds));
            }

            return RunManyAsync(
                contactIds,
                async (id, ct) =>
                {
                    var lookup = await GetByContactAsync(id, options.MediaType, ct).ConfigureAwait(false);
                    if (!lookup.Found || lookup.Recordings.Count == 0)
                    {
                        return new[] { new DownloadResult { ContactId = id, Status = DownloadStatus.NotFound, Reason = lookup.NotFoundReason ?? "Media playback lists no interaction for this contact." } };
                    }

                    var results = new List<DownloadResult>();
                    foreach (var r in lookup.Recordings)
                    {
                        results.Add(await DownloadAsync(r, options, ct).ConfigureAwait(false));
                    }

                    return (IReadOnlyList<DownloadResult>)results;
                },
                id => new DownloadResult { ContactId = id },
                options,
                cancellationToken);
        }

        private async IAsyncEnumerable<DownloadResult> RunManyAsync<T>(
            IAsyncEnumerable<T> items,
            Func<T, CancellationToken, Task<IReadOnlyList<DownloadResult>>> work,
            Func<T, DownloadResult> blank,
            DownloadOptions options,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            if (string.IsNullOrWhiteSpace(options.Folder))
            {
                throw new CXoneException(CXoneErrorKind.InvalidArgument, "No target folder was given.", "Pass the folder to save recordings in.");
            }

            // Opened before any work starts: a manifest that cannot be written stops the run before the first request.
            using var manifest = options.ManifestPath is null ? null : ManifestWriter.Open(options.ManifestPath, _time);
            var results = BoundedRunner.RunAsync(items, options.ThrottleLimit, work, (item, e) => Failed(blank(item), e), cancellationToken);
            await foreach (var r in results.ConfigureAwait(false))
            {
                manifest?.Write(r);
                yield return r;
            }
        }

        private static DownloadResult Failed(DownloadResult r, Exception e)
        {
            r.Status = DownloadStatus.Failed;
            r.Error = e as CXoneException ?? new CXoneException(CXoneErrorKind.InvalidResponse, "Unexpected failure: " + Redactor.Excerpt(e.Message), "See the inner exception.", innerException: e);
            r.Reason = r.Error.Message;
            return r;
        }
    }
}
