using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.IO;

namespace CXone.Core.Recordings
{
    /// <summary>
    /// Fetches one media file from storage (docs/cxone-api.md section 4) into a file stream: a connection that drops
    /// or stalls mid-body (no byte for <see cref="CXoneHttpOptions.ReadIdleTimeout"/>) is resumed with <c>Range: bytes=&lt;have&gt;-</c> (at most <c>maxResumes</c> times); a body that
    /// ends early without an error is resumed the same way; a server that answers a resume with the whole file (or
    /// another range) starts the file over; an expired temporary URL (403/410) is renewed once through the given
    /// lookup. Each storage request, body included, is bounded by <see cref="CXoneHttpOptions.TotalBudget"/> (the
    /// storage chain's deadline): a body still trickling in when it runs out is a Timeout, not resumed. One instance
    /// per download; not thread-safe.
    /// </summary>
    internal sealed class ResumableDownloader
    {
        private readonly HttpClient _storage;
        private readonly CXoneRecording _recording;
        private readonly string _name;
        private readonly int _maxResumes;
        private readonly Func<CancellationToken, Task<Uri>> _renew;

        /// <summary>Creates the downloader.</summary>
        /// <param name="storage">The storage client (never carries the CXone token).</param>
        /// <param name="recording">The recording (for messages).</param>
        /// <param name="name">The file name (for messages).</param>
        /// <param name="maxResumes">Resumes allowed after dropped, stalled or short bodies.</param>
        /// <param name="renew">Looks the recording up again and returns its fresh URL (on 403/410, once).</param>
        public ResumableDownloader(HttpClient storage, CXoneRecording recording, string name, int maxResumes, Func<CancellationToken, Task<Uri>> renew)
        {
            _storage = storage;
            _recording = recording;
            _name = name;
            _maxResumes = maxResumes;
            _renew = renew;
        }

        /// <summary>How often the download resumed with <c>Range</c>.</summary>
        public int Resumes { get; private set; }

        /// <summary>True once the temporary URL was renewed.</summary>
        public bool UrlRenewed { get; private set; }

        /// <summary>The size storage announced (Content-Length or the length in Content-Range), when it did.</summary>
        public long? Total { get; private set; }

        /// <summary>Downloads <paramref name="url"/> into <paramref name="file"/> through <paramref name="copier"/>.</summary>
        /// <param name="url">The temporary file URL.</param>
        /// <param name="file">The partial file (seekable: a restart truncates it).</param>
        /// <param name="copier">Counts and hashes the bytes; <see cref="HashingCopier.Bytes"/> is the file's length.</param>
        /// <param name="progress">Called with bytes done and total while bytes arrive.</param>
        /// <param name="ct">Cancels the download.</param>
        /// <exception cref="CXoneException">
        /// Forbidden when the URL stays refused after a renewal; the status error of any other answer of 400 or more
        /// (after the pipeline's retries); NetworkFailure or Timeout when the connection keeps dropping or stalling
        /// after every resume; InvalidResponse when the bytes do not add up to the announced size; RecordingNotFound
        /// when the renewal lookup finds nothing.
        /// </exception>
        /// <exception cref="LocalFileException">Writing the file failed.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public async Task DownloadAsync(Uri url, Stream file, HashingCopier copier, Action<long, long?> progress, CancellationToken ct)
        {
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (copier.Bytes > 0)
                {
                    request.Headers.Range = new RangeHeaderValue(copier.Bytes, null);
                }

                using var response = await _storage.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status == 403 || status == 410)
                {
                    url = await RenewAsync(url, status, ct).ConfigureAwait(false);
                    continue;
                }

                if (status == 416 && Total is { } t416 && copier.Bytes == t416)
                {
                    break;
                }

                if (status >= 400)
                {
                    var text = response.Content is null ? null : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    throw CXoneErrors.FromStatus(status, text, null, url.Authority, "GET " + Redactor.SafeUrl(url), RequestTemplate.AttemptsOf(response.RequestMessage));
                }

                Align(response, status, file, copier);
                if (response.Content != null && !await CopyBodyAsync(response.Content, url, file, copier, progress, ct).ConfigureAwait(false))
                {
                    continue;
                }

                if (Total is { } expected && copier.Bytes < expected && Resumes < _maxResumes)
                {
                    // The body ended early without an error: resume from where it stopped.
                    Resumes++;
                    CXoneReporting.Verbose("The body of " + _name + " ended after " + copier.Bytes.ToString(CultureInfo.InvariantCulture) + " of " + expected.ToString(CultureInfo.InvariantCulture) + " bytes: resuming with Range.");
                    continue;
                }

                break;
            }

            if (Total is { } announced && copier.Bytes != announced)
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidResponse,
                    "Storage sent " + copier.Bytes.ToString(CultureInfo.InvariantCulture) + " bytes of " + _name + " but announced " + announced.ToString(CultureInfo.InvariantCulture) + ".",
                    "Try the download again.",
                    host: url.Authority);
            }
        }

        /// <summary>An expired URL: renewed once; refused again, it is Forbidden.</summary>
        private async Task<Uri> RenewAsync(Uri url, int status, CancellationToken ct)
        {
            var code = status.ToString(CultureInfo.InvariantCulture);
            if (UrlRenewed)
            {
                throw new CXoneException(
                    CXoneErrorKind.Forbidden,
                    "Storage refused the media file of " + _recording + " (" + code + ") even after looking the recording up again.",
                    "Look the recording up again later; the temporary URL keeps expiring.",
                    status,
                    host: url.Authority);
            }

            UrlRenewed = true;
            CXoneReporting.Verbose("The temporary URL of " + _recording.ContactId + " #" + _recording.InteractionIndex.ToString(CultureInfo.InvariantCulture) + " has expired (" + code + "): looking the recording up again.");
            return await _renew(ct).ConfigureAwait(false);
        }

        /// <summary>Takes the answer's range: a 206 that continues where the file stops appends; anything else starts the file over.</summary>
        private void Align(HttpResponseMessage response, int status, Stream file, HashingCopier copier)
        {
            var range = response.Content?.Headers.ContentRange;
            if (status == 206 && range != null && range.From == copier.Bytes)
            {
                Total = range.Length ?? Total;
                return;
            }

            if (copier.Bytes > 0)
            {
                // The server sent the whole file again (or another range): start over.
                file.SetLength(0);
                file.Position = 0;
                copier.Restart();
            }

            Total = response.Content?.Headers.ContentLength;
            if (status == 206 && range?.Length is { } whole)
            {
                Total = whole;
            }
        }

        /// <summary>Copies the body; false when it dropped or stalled and a resume is allowed (counted).</summary>
        private async Task<bool> CopyBodyAsync(HttpContent content, Uri url, Stream file, HashingCopier copier, Action<long, long?> progress, CancellationToken ct)
        {
            try
            {
                using var body = await content.ReadAsStreamAsync().ConfigureAwait(false);
                await copier.CopyAsync(body, file, done => progress(done, Total), ct).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && (e is IOException || e is HttpRequestException || e is ObjectDisposedException))
            {
                if (Resumes >= _maxResumes)
                {
                    throw CXoneErrors.FromBodyFailure(e, url.Authority, "GET " + Redactor.SafeUrl(url), Resumes + 1);
                }

                Resumes++;
                var how = e is ReadIdleTimeoutException stall ? "stalled (no byte for " + UtcText.Duration(stall.Idle) + ")" : "dropped";
                CXoneReporting.Verbose("The connection to " + url.Authority + " " + how + " after " + copier.Bytes.ToString(CultureInfo.InvariantCulture) + " bytes of " + _name + ": resuming with Range (resume " + Resumes.ToString(CultureInfo.InvariantCulture) + ").");
                return false;
            }
        }
    }
}
