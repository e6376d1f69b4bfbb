using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;

namespace CXone.Core.Http
{
    /// <summary>
    /// One verbose line per API call once it has an answer:
    /// "GET /inContactAPI/services/v30.0/server-time 200 in 35 ms (2 attempts)". The query is left out (it may
    /// hold ids and dates). Costs nothing when nobody listens to <see cref="CXoneReporting"/>.
    /// </summary>
    internal sealed class CallReportHandler : DelegatingHandler
    {
        private readonly TimeProvider _time;

        public CallReportHandler(TimeProvider time) => _time = time ?? throw new ArgumentNullException(nameof(time));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            CXoneReporting.IsListening ? SendReportedAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

        private async Task<HttpResponseMessage> SendReportedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var start = _time.GetTimestamp();
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var attempts = HttpCallProperties.AttemptsOf(response.RequestMessage ?? request);
            CXoneReporting.Verbose(
                CallText.What(request.Method, request.RequestUri) + " " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) + " in "
                + ((long)_time.GetElapsedTime(start).TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms"
                + (attempts > 1 ? " (" + attempts.ToString(CultureInfo.InvariantCulture) + " attempts)" : string.Empty));
            return response;
        }
    }

    /// <summary>How a call is named in messages: method and sanitised path, and the host.</summary>
    internal static class CallText
    {
        /// <summary>"GET /path" (no query: it may hold ids and dates).</summary>
        public static string What(HttpMethod method, Uri? uri) =>
            method.Method.ToUpperInvariant() + " " + (uri is null ? string.Empty : uri.IsAbsoluteUri ? Redactor.Sanitize(uri.AbsolutePath) : Redactor.SafeUrl(uri));

        /// <summary>"host:port", or "the host" when the URI is not absolute.</summary>
        public static string Host(Uri? uri) => uri is { IsAbsoluteUri: true } ? uri.Authority : "the host";
    }
}
