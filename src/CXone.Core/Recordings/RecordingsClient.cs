using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;

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

        private static int _activityIds = 7000;
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

            CXoneResponse response;
            using (await _limiter.AcquireAsync(ct).ConfigureAwait(false))
            {
                response = await _api.SendAsync(request, ct).ConfigureAwait(false);
            }

            if (response.StatusCode == 404)
            {
                CXoneHttpErrors.ReadServiceMessage(response.Text, out _, out var message);
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
                throw CXoneHttpErrors.FromStatus(response.StatusCode, response.Text, response.GetHeader(CXoneHttpErrors.StatusDescriptionHeader), _api.ApiEndpoint.Authority, what);
            }

            if (response.Json is null)
            {
                throw CXoneHttpErrors.InvalidResponse(response.Text, response.StatusCode, _api.ApiEndpoint.Authority, what);
            }

            var recordings = Parse(response.Json.Value, id, mediaType, segment);
            return new RecordingLookup { ContactId = id, Found = true, Recordings = recordings };
        }

        /// <summary>Reads a media playback answer (names case-insensitive; the <c>{"value":{...}}</c> wrapper accepted).</summary>
        /// <param name="root">The answer.</param>
        /// <param name="lookupId">The id that was looked up.</param>
        /// <param name="mediaType">The media type asked for.</param>
        /// <param name="segment">True for a segment lookup.</param>
        /// <returns>One recording per interaction.</returns>
        internal static IReadOnlyList<CXoneRecording> Parse(JsonElement root, string lookupId, string mediaType, bool segment)
        {
            if (root.ValueKind == JsonValueKind.Object && !JsonRead.TryGet(root, "interactions", out _)
                && JsonRead.TryGet(root, "value", out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                root = inner;
            }

            var contactId = JsonRead.String(root, "contactId");
            var acd = JsonRead.String(root, "acdcontactId") ?? JsonRead.String(root, "acdContactId");
            var list = new List<CXoneRecording>();
            if (!JsonRead.TryGet(root, "interactions", out var interactions) || interactions.ValueKind != JsonValueKind.Array)
            {
                return list;
            }

            var index = 0;
            foreach (var it in interactions.EnumerateArray())
            {
                var r = new CXoneRecording
                {
                    MasterContactId = lookupId,
                    ContactId = string.IsNullOrEmpty(contactId) ? (acd ?? lookupId) : contactId!,
                    AcdContactId = acd,
                    InteractionIndex = index++,
                    MediaType = JsonRead.String(it, "mediaType") ?? mediaType,
                    ChannelType = JsonRead.String(it, "channelType"),
                    StartTime = JsonRead.Date(it, "startTime"),
                    EndTime = JsonRead.Date(it, "endTime"),
                    LookupMediaType = mediaType,
                    FromSegmentLookup = segment,
                };
                if (r.StartTime is { } s && r.EndTime is { } e && e >= s)
                {
                    r.Duration = e - s;
                }

                if (JsonRead.TryGet(it, "data", out var data) && data.ValueKind == JsonValueKind.Object)
                {
                    var url = JsonRead.String(data, "fileToPlayUrl");
                    if (!string.IsNullOrEmpty(url) && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp))
                    {
                        r.FileUrl = u;
                    }

                    var segments = new List<string>();
                    if (JsonRead.TryGet(data, "segmentsDataList", out var segs) && segs.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var sd in segs.EnumerateArray())
                        {
                            var sid = JsonRead.String(sd, "segmentId");
                            if (!string.IsNullOrEmpty(sid))
                            {
                                segments.Add(sid!);
                            }
                        }
                    }

                    r.SegmentIds = segments;
                    if (JsonRead.TryGet(data, "participantDataList", out var parts) && parts.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var p in parts.EnumerateArray())
                        {
                            var type = JsonRead.String(p, "participantType") ?? JsonRead.String(p, "type") ?? string.Empty;
                            var agent = JsonRead.String(p, "agentId") ?? JsonRead.String(p, "userId");
                            if (agent != null && (type.Length == 0 || type.IndexOf("agent", StringComparison.OrdinalIgnoreCase) >= 0 || JsonRead.String(p, "agentId") != null))
                            {
                                r.AgentId = agent;
                                r.AgentName = JsonRead.String(p, "agentName") ?? JsonRead.String(p, "name") ?? JsonRead.String(p, "fullName");
                                break;
                            }
                        }
                    }
                }

                list.Add(r);
            }

            return list;
        }

        /// <summary>
        /// The file name for a recording: <c>&lt;contactId&gt;_&lt;interactionIndex&gt;_&lt;mediaType&gt;&lt;ext&gt;</c>, each part
        /// reduced to letters, digits, <c>.</c>, <c>-</c> and <c>_</c> (no separators, no <c>..</c>), so no value from the
        /// server can leave the target folder. The extension comes from the URL when it is a known media extension, else <c>.mp4</c>.
        /// </summary>
        /// <param name="recording">The recording.</param>
        /// <returns>A bare file name.</returns>
        public static string FileNameFor(CXoneRecording recording)
        {
            if (recording is null)
            {
                throw new ArgumentNullException(nameof(recording));
            }

            var ext = ".mp4";
            if (recording.FileUrl != null)
            {
                var e = System.IO.Path.GetExtension(recording.FileUrl.AbsolutePath).ToLowerInvariant();
                if (e == ".mp4" || e == ".wav" || e == ".mp3" || e == ".webm" || e == ".m4a" || e == ".ogg" || e == ".txt" || e == ".json" || e == ".html")
                {
                    ext = e;
                }
            }

            return Safe(recording.ContactId, "contact") + "_" + recording.InteractionIndex.ToString(CultureInfo.InvariantCulture) + "_" + Safe(recording.MediaType, "media") + ext;
        }

        private static string Safe(string? value, string fallback)
        {
            var sb = new StringBuilder();
            foreach (var c in value ?? string.Empty)
            {
                sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ? c : c == '.' ? '.' : '_');
            }

            var s = sb.ToString();
            while (s.Contains(".."))
            {
                s = s.Replace("..", "_");
            }

            s = s.Trim('.');
            if (s.Length > 80)
            {
                s = s.Substring(0, 80);
            }

            return s.Length == 0 ? fallback : s;
        }

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
        /// <returns>Saved, Skipped, NotFound (the renewal lookup found nothing) or Failed with the reason; failures are results, not exceptions.</returns>
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
            catch (Exception e) when (e is LocalFileException || e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                var inner = e is LocalFileException l ? l.InnerException! : e;
                Fail(result, new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "Could not write the recording of " + recording.ContactId + " #" + recording.InteractionIndex.ToString(CultureInfo.InvariantCulture)
                        + " in '" + options.Folder + "': " + Redactor.Excerpt(inner.Message),
                    "Check that the folder exists or can be created, is writable, has free space, and that no other download writes the same file.",
                    innerException: inner));
            }

            return result;
        }

        private static void Fail(DownloadResult result, CXoneException e)
        {
            result.Status = e.Kind == CXoneErrorKind.RecordingNotFound ? DownloadStatus.NotFound : DownloadStatus.Failed;
            result.Reason = e.Message;
            result.Error = e;
            result.Path = null;
            result.Sha256 = null;
            result.Bytes = 0;
        }

        /// <summary>Size of each of the two copy buffers of a download, in bytes.</summary>
        private const int CopyBufferBytes = 81920;

        /// <summary>Observes a read left in flight when the copy loop ends by an exception (the body is disposed next).</summary>
        private static void Observe(Task task) =>
            task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        /// <summary>A failure of the local file (not of the connection), carried out of the body loop.</summary>
        private sealed class LocalFileException : Exception
        {
            public LocalFileException(IOException inner)
                : base(inner.Message, inner)
            {
            }
        }

        private async Task DownloadCoreAsync(CXoneRecording recording, DownloadOptions options, DownloadResult result, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(options.Folder))
            {
                throw new CXoneException(CXoneErrorKind.InvalidArgument, "No target folder was given.", "Pass the folder to save recordings in.");
            }

            var folder = System.IO.Path.GetFullPath(options.Folder);
            Directory.CreateDirectory(folder);
            var name = FileNameFor(recording);
            var target = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, name));
            var folderPrefix = folder.EndsWith(System.IO.Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? folder : folder + System.IO.Path.DirectorySeparatorChar;
            if (!target.StartsWith(folderPrefix, StringComparison.Ordinal) || System.IO.Path.GetDirectoryName(target) != folder.TrimEnd(System.IO.Path.DirectorySeparatorChar))
            {
                throw new CXoneException(CXoneErrorKind.InvalidArgument, "The file name '" + name + "' would leave the target folder.", "Report this recording's ids: the server sent values that cannot be used as a file name.");
            }

            if (File.Exists(target) && !options.Overwrite)
            {
                result.Status = DownloadStatus.Skipped;
                result.Path = target;
                result.Bytes = new FileInfo(target).Length;
                result.Reason = "The file already exists.";
                CXoneReporting.Verbose("Skipped " + name + ": it already exists.");
                return;
            }

            var url = recording.FileUrl;
            if (url is null)
            {
                throw new CXoneException(CXoneErrorKind.InvalidResponse, "Media playback gave no file URL for " + recording + ".", CXoneHttpErrors.ActionFor(CXoneErrorKind.InvalidResponse));
            }

            var partial = target + ".partial";
            var activity = Interlocked.Increment(ref _activityIds);
            var sha = SHA256.Create();
            var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            var completed = false;
            try
            {
                long have = 0;
                long? total = null;
                var renewed = false;
                var buffers = new[] { new byte[CopyBufferBytes], new byte[CopyBufferBytes] };
                var lastReport = _time.GetTimestamp();
                Report(recording, name, activity, options, 0, null, false);
                while (true)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    if (have > 0)
                    {
                        request.Headers.Range = new RangeHeaderValue(have, null);
                    }

                    using var response = await _storage.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    if (status == 403 || status == 410)
                    {
                        if (renewed)
                        {
                            throw new CXoneException(
                                CXoneErrorKind.Forbidden,
                                "Storage refused the media file of " + recording + " (" + status.ToString(CultureInfo.InvariantCulture) + ") even after looking the recording up again.",
                                "Look the recording up again later; the temporary URL keeps expiring.",
                                status,
                                host: url.Authority);
                        }

                        renewed = true;
                        result.UrlRenewed = true;
                        CXoneReporting.Verbose("The temporary URL of " + recording.ContactId + " #" + recording.InteractionIndex.ToString(CultureInfo.InvariantCulture) + " has expired (" + status.ToString(CultureInfo.InvariantCulture) + "): looking the recording up again.");
                        url = await RenewAsync(recording, ct).ConfigureAwait(false);
                        continue;
                    }

                    if (status == 416 && total is { } t416 && have == t416)
                    {
                        break;
                    }

                    if (status >= 400)
                    {
                        var text = response.Content is null ? null : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        throw CXoneHttpErrors.FromStatus(status, text, null, url.Authority, "GET " + Redactor.SafeUrl(url), RequestTemplate.AttemptsOf(response.RequestMessage));
                    }

                    var range = response.Content?.Headers.ContentRange;
                    if (status == 206 && range != null && range.From == have)
                    {
                        total = range.Length ?? total;
                    }
                    else
                    {
                        if (have > 0)
                        {
                            // The server sent the whole file again (or another range): start over.
                            file.SetLength(0);
                            file.Position = 0;
                            sha.Dispose();
                            sha = SHA256.Create();
                            have = 0;
                        }

                        total = response.Content?.Headers.ContentLength;
                        if (status == 206 && range?.Length is { } whole)
                        {
                            total = whole;
                        }
                    }

                    var dropped = false;
                    if (response.Content != null)
                    {
                        try
                        {
                            using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                            using (ct.Register(static s => ((IDisposable)s!).Dispose(), body))
                            {
                                // Three stages overlap: the next read fills one buffer while the chunk just read is
                                // written (the file write runs on the thread pool) and hashed on this thread.
                                var which = 0;
                                var reading = body.ReadAsync(buffers[which], 0, buffers[which].Length, ct);
                                while (true)
                                {
                                    var n = await reading.ConfigureAwait(false);
                                    if (n == 0)
                                    {
                                        break;
                                    }

                                    var chunk = buffers[which];
                                    which ^= 1;
                                    reading = body.ReadAsync(buffers[which], 0, buffers[which].Length, ct);
                                    try
                                    {
                                        var writing = file.WriteAsync(chunk, 0, n, ct);
                                        sha.TransformBlock(chunk, 0, n, null, 0);
                                        await writing.ConfigureAwait(false);
                                    }
                                    catch (IOException e)
                                    {
                                        // A local write failure (disk full) is not a dropped connection: no resume.
                                        Observe(reading);
                                        throw new LocalFileException(e);
                                    }
                                    catch
                                    {
                                        Observe(reading);
                                        throw;
                                    }

                                    have += n;
                                    if (_time.GetElapsedTime(lastReport) >= options.ProgressInterval)
                                    {
                                        lastReport = _time.GetTimestamp();
                                        Report(recording, name, activity, options, have, total, false);
                                    }
                                }
                            }
                        }
                        catch (Exception e) when (!ct.IsCancellationRequested && (e is IOException || e is HttpRequestException || e is ObjectDisposedException))
                        {
                            if (result.Resumes >= options.MaxResumes)
                            {
                                throw CXoneHttpErrors.FromTransport(e, url.Authority, "GET " + Redactor.SafeUrl(url), result.Resumes + 1);
                            }

                            result.Resumes++;
                            dropped = true;
                            CXoneReporting.Verbose("The connection to " + url.Authority + " dropped after " + have.ToString(CultureInfo.InvariantCulture) + " bytes of " + name + ": resuming with Range (resume " + result.Resumes.ToString(CultureInfo.InvariantCulture) + ").");
                        }
                    }

                    if (dropped)
                    {
                        continue;
                    }

                    if (total is { } expected && have < expected && result.Resumes < options.MaxResumes)
                    {
                        // The body ended early without an error: resume from where it stopped.
                        result.Resumes++;
                        CXoneReporting.Verbose("The body of " + name + " ended after " + have.ToString(CultureInfo.InvariantCulture) + " of " + expected.ToString(CultureInfo.InvariantCulture) + " bytes: resuming with Range.");
                        continue;
                    }

                    break;
                }

                if (total is { } announced && have != announced)
                {
                    throw new CXoneException(
                        CXoneErrorKind.InvalidResponse,
                        "Storage sent " + have.ToString(CultureInfo.InvariantCulture) + " bytes of " + name + " but announced " + announced.ToString(CultureInfo.InvariantCulture) + ".",
                        "Try the download again.",
                        host: url.Authority);
                }

                sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                await file.FlushAsync(ct).ConfigureAwait(false);
                file.Dispose();
                ct.ThrowIfCancellationRequested();
                CXoneApiClient.FileReplace(partial, target);
                completed = true;
                result.Status = DownloadStatus.Saved;
                result.Path = target;
                result.Bytes = have;
                result.Sha256 = Hex(sha.Hash!);
                Report(recording, name, activity, options, have, total ?? have, true);
                CXoneReporting.Verbose("Saved " + name + " (" + have.ToString(CultureInfo.InvariantCulture) + " bytes).");
            }
            finally
            {
                sha.Dispose();
                if (!completed)
                {
                    file.Dispose();
                    CXoneApiClient.TryDelete(partial);
                    Report(recording, name, activity, options, 0, null, true);
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
                throw new CXoneException(CXoneErrorKind.RecordingNotFound, "The recording of " + lookup.ContactId + " is gone: " + lookup.NotFoundReason, CXoneHttpErrors.ActionFor(CXoneErrorKind.RecordingNotFound), 404);
            }

            foreach (var r in lookup.Recordings)
            {
                if (r.InteractionIndex == recording.InteractionIndex && r.FileUrl != null)
                {
                    recording.FileUrl = r.FileUrl;
                    return r.FileUrl;
                }
            }

            throw new CXoneException(CXoneErrorKind.RecordingNotFound, "Media playback no longer lists interaction " + recording.InteractionIndex.ToString(CultureInfo.InvariantCulture) + " of " + lookup.ContactId + ".", CXoneHttpErrors.ActionFor(CXoneErrorKind.RecordingNotFound), 404);
        }

        private static void Report(CXoneRecording recording, string name, int activity, DownloadOptions options, long done, long? total, bool completed)
        {
            if (!CXoneReporting.IsListening)
            {
                return;
            }

            CXoneReporting.Send(new CXoneReport(CXoneReportKind.Progress, "Saving " + name)
            {
                ActivityId = activity,
                ParentActivityId = options.ParentActivityId,
                Activity = "Saving recording " + recording.ContactId,
                Completed = done,
                Total = total,
                IsCompleted = completed,
            });
        }

        private static string Hex(byte[] hash)
        {
            var sb = new StringBuilder(hash.Length * 2);
            foreach (var b in hash)
            {
                sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return sb.ToString();
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
            ManifestWriter? manifest = options.ManifestPath is null ? null : ManifestWriter.Open(options.ManifestPath, _time);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var results = new ConcurrentQueue<DownloadResult>();
            using var signal = new SemaphoreSlim(0);
            using var gate = new SemaphoreSlim(options.ThrottleLimit);
            var done = 0;
            Exception? sourceError = null;
            var token = cts.Token;

            var producer = Task.Run(async () =>
            {
                var running = new List<Task>();
                try
                {
                    await foreach (var item in items.WithCancellation(token).ConfigureAwait(false))
                    {
                        await gate.WaitAsync(token).ConfigureAwait(false);
                        var current = item;
                        running.Add(Task.Run(async () =>
                        {
                            try
                            {
                                foreach (var r in await work(current, token).ConfigureAwait(false))
                                {
                                    results.Enqueue(r);
                                    signal.Release();
                                }
                            }
                            catch (OperationCanceledException) when (token.IsCancellationRequested)
                            {
                            }
                            catch (Exception e)
                            {
                                var r = blank(current);
                                r.Status = DownloadStatus.Failed;
                                r.Error = e as CXoneException ?? new CXoneException(CXoneErrorKind.InvalidResponse, "Unexpected failure: " + e.Message, "See the inner exception.", innerException: e);
                                r.Reason = r.Error.Message;
                                results.Enqueue(r);
                                signal.Release();
                            }
                            finally
                            {
                                gate.Release();
                            }
                        }));
                        running.RemoveAll(t => t.IsCompleted);
                    }
                }
                catch (Exception e)
                {
                    sourceError = e;
                }
                finally
                {
                    try
                    {
                        await Task.WhenAll(running).ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                    }

                    Volatile.Write(ref done, 1);
                    signal.Release();
                }
            });

            try
            {
                while (true)
                {
                    await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (results.TryDequeue(out var r))
                    {
                        manifest?.Write(r);
                        yield return r;
                        continue;
                    }

                    if (Volatile.Read(ref done) == 1)
                    {
                        break;
                    }
                }

                if (sourceError != null)
                {
                    if (sourceError is OperationCanceledException)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(sourceError).Throw();
                }
            }
            finally
            {
                cts.Cancel();
                try
                {
                    await producer.ConfigureAwait(false);
                }
                catch (Exception)
                {
                }

                manifest?.Dispose();
            }
        }

        private sealed class ManifestWriter : IDisposable
        {
            private readonly StreamWriter _writer;
            private readonly TimeProvider _time;

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

            private ManifestWriter(string path, TimeProvider time)
            {
                var full = System.IO.Path.GetFullPath(path);
                var dir = System.IO.Path.GetDirectoryName(full);
                if (!string.IsNullOrEmpty(dir))
                {
                    Directory.CreateDirectory(dir);
                }

                _writer = new StreamWriter(new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
                _time = time;
            }

            public void Write(DownloadResult r)
            {
                if (r.Status != DownloadStatus.Saved && r.Status != DownloadStatus.Skipped)
                {
                    return;
                }

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

                    w.WriteString("timeUtc", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                    w.WriteEndObject();
                }

                _writer.WriteLine(Encoding.UTF8.GetString(ms.ToArray()));
                _writer.Flush();
            }

            public void Dispose() => _writer.Dispose();
        }
    }
}
