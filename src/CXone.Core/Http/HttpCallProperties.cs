using System.Net.Http;
using Polly;

namespace CXone.Core.Http
{
    /// <summary>
    /// What the handlers of one call tell each other, as typed <see cref="ResiliencePropertyKey{TValue}"/>s in one
    /// <see cref="ResilienceProperties"/> bag that every attempt's message of the call shares.
    /// </summary>
    /// <remarks>
    /// netstandard2.0's <see cref="HttpRequestMessage"/> has no typed options, so the bag itself sits in the
    /// message's property dictionary under the one name below; nothing else is stored there by name.
    /// </remarks>
    internal static class HttpCallProperties
    {
        /// <summary>The call streams its body to the caller: the pipeline must not buffer it (a download).</summary>
        public static readonly ResiliencePropertyKey<bool> Streaming = new ResiliencePropertyKey<bool>("CXone.Streaming");

        /// <summary>The copy of the request every attempt is built from (the bearer handler resends it after a 401).</summary>
        public static readonly ResiliencePropertyKey<RequestTemplate> Template = new ResiliencePropertyKey<RequestTemplate>("CXone.RequestTemplate");

        /// <summary>
        /// The caller vouches that a failed attempt changed nothing on the server, so the call is retried like an
        /// idempotent one (408, 5xx, dropped answers) although its method is POST: an OAuth grant that failed issued no
        /// token (docs/cxone-api.md section 2).
        /// </summary>
        public static readonly ResiliencePropertyKey<bool> RetrySafe = new ResiliencePropertyKey<bool>("CXone.RetrySafe");

        /// <summary>Attempts made so far (1 for a call that was not retried).</summary>
        public static readonly ResiliencePropertyKey<int> Attempts = new ResiliencePropertyKey<int>("CXone.Attempts");

        /// <summary>
        /// How the last failed attempt of the call ended ("was answered 503 ServiceUnavailable", "failed (could not
        /// connect)"), set by the retry loop, so that a caller whose own timer cut the call can say so.
        /// </summary>
        public static readonly ResiliencePropertyKey<string> LastAttempt = new ResiliencePropertyKey<string>("CXone.LastAttempt");

        private const string BagName = "CXone.Call";

        /// <summary>The call's bag, created on first use.</summary>
        public static ResilienceProperties Of(HttpRequestMessage request)
        {
            if (Find(request) is { } bag)
            {
                return bag;
            }

            bag = new ResilienceProperties();
            request.Properties[BagName] = bag;
            return bag;
        }

        /// <summary>The call's bag, or null when no handler has made one.</summary>
        public static ResilienceProperties? Find(HttpRequestMessage? request) =>
            request != null && request.Properties.TryGetValue(BagName, out var v) ? v as ResilienceProperties : null;

        /// <summary>Marks <paramref name="request"/> as a download: its response body is handed over unread.</summary>
        public static void MarkStreaming(HttpRequestMessage request) => Of(request).Set(Streaming, true);

        /// <summary>Marks <paramref name="request"/> as safe to send again after any retriable failure (see <see cref="RetrySafe"/>).</summary>
        public static void MarkRetrySafe(HttpRequestMessage request) => Of(request).Set(RetrySafe, true);

        /// <summary>Whether <paramref name="request"/> may be retried like an idempotent request.</summary>
        public static bool IsRetrySafe(HttpRequestMessage request) => RetryClassifier.IsIdempotent(request.Method) || Find(request)?.GetValue(RetrySafe, false) == true;

        /// <summary>Whether <paramref name="request"/> was marked with <see cref="MarkStreaming"/>.</summary>
        public static bool IsStreaming(HttpRequestMessage request) => Find(request)?.GetValue(Streaming, false) == true;

        /// <summary>How the last failed attempt of the call <paramref name="request"/> belongs to ended, or null (see <see cref="LastAttempt"/>).</summary>
        public static string? LastAttemptOf(HttpRequestMessage? request) => Find(request) is { } bag && bag.TryGetValue(LastAttempt, out var v) ? v : null;

        /// <summary>The attempts the pipeline made for the call <paramref name="request"/> belongs to (1 when unknown).</summary>
        public static int AttemptsOf(HttpRequestMessage? request) => Find(request)?.GetValue(Attempts, 1) ?? 1;
    }
}
