using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Http
{
    /// <summary>
    /// Bounds the reading of a streamed response body, which the retry loop no longer sees once the headers have
    /// arrived: the body of a call marked with <see cref="HttpCallProperties.MarkStreaming"/> (or every body, on the
    /// storage chain, which never buffers) becomes a <see cref="DeadlineStream"/> with the read-idle timeout
    /// (<see cref="CXoneHttpOptions.ReadIdleTimeout"/>) and what is left of <see cref="CXoneHttpOptions.TotalBudget"/>,
    /// counted from when the call entered this handler. Buffered bodies are read inside the attempt timeout and pass
    /// unchanged.
    /// </summary>
    internal sealed class BodyDeadlineHandler : DelegatingHandler
    {
        private readonly TimeProvider _time;
        private readonly TimeSpan _idle;
        private readonly TimeSpan _budget;
        private readonly bool _everyBody;

        /// <param name="options">Read-idle timeout and total budget (read once, here).</param>
        /// <param name="time">The session's clock.</param>
        /// <param name="everyBody">True on a chain whose bodies are never buffered (storage): every body is bounded.</param>
        public BodyDeadlineHandler(CXoneHttpOptions options, TimeProvider time, bool everyBody)
        {
            _time = time ?? throw new ArgumentNullException(nameof(time));
            _idle = Finite(options.ReadIdleTimeout);
            _budget = Finite(options.TotalBudget);
            _everyBody = everyBody;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var start = _time.GetTimestamp();
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.Content is null || (!_everyBody && !HttpCallProperties.IsStreaming(request))
                || (_idle == Timeout.InfiniteTimeSpan && _budget == Timeout.InfiniteTimeSpan))
            {
                return response;
            }

            var left = _budget == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : _budget - _time.GetElapsedTime(start);
            var uri = request.RequestUri;
            var host = CallText.Host(uri);
            var what = CallText.What(request.Method, uri);
            response.Content = new StreamedContent(response.Content, body => new DeadlineStream(body, _time, _idle, left, _budget, host, what));
            return response;
        }

        private static TimeSpan Finite(TimeSpan t) => t > TimeSpan.Zero && t != Timeout.InfiniteTimeSpan ? t : Timeout.InfiniteTimeSpan;

        /// <summary>The transport's content with its headers, read through a wrapper stream.</summary>
        private sealed class StreamedContent : HttpContent
        {
            private readonly HttpContent _inner;
            private readonly Func<Stream, Stream> _wrap;

            public StreamedContent(HttpContent inner, Func<Stream, Stream> wrap)
            {
                _inner = inner;
                _wrap = wrap;
                foreach (var h in inner.Headers)
                {
                    Headers.TryAddWithoutValidation(h.Key, h.Value);
                }
            }

            protected override async Task<Stream> CreateContentReadStreamAsync() =>
                _wrap(await _inner.ReadAsStreamAsync().ConfigureAwait(false));

            protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            {
                using var body = await CreateContentReadStreamAsync().ConfigureAwait(false);
                await body.CopyToAsync(stream).ConfigureAwait(false);
            }

            protected override bool TryComputeLength(out long length)
            {
                // The Content-Length header, when the server sent one, was copied above.
                length = 0;
                return false;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
