using System;
using System.Collections.Generic;
using System.Text.Json;

namespace CXone.Core.Http
{
    /// <summary>
    /// The answer to a <see cref="CXoneRequest"/>: status, headers (response and content headers, names
    /// case-insensitive), the body as text and, when it is JSON, parsed.
    /// </summary>
    public sealed class CXoneResponse
    {
        /// <summary>Creates a response (used by <see cref="Api.CXoneApiClient"/> and tests).</summary>
        /// <param name="statusCode">HTTP status code.</param>
        /// <param name="headers">Response and content headers, case-insensitive names.</param>
        /// <param name="text">The body as text, or null when there was none (204).</param>
        /// <param name="json">The parsed body when it was JSON.</param>
        /// <param name="requestUri">The URL that answered (query kept out of <see cref="ToString"/>).</param>
        public CXoneResponse(int statusCode, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, string? text, JsonElement? json, Uri? requestUri = null)
        {
            StatusCode = statusCode;
            Headers = headers ?? throw new ArgumentNullException(nameof(headers));
            Text = text;
            Json = json;
            RequestUri = requestUri;
        }

        /// <summary>HTTP status code (for example 200, 202, 204).</summary>
        public int StatusCode { get; }

        /// <summary>True for 2xx.</summary>
        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;

        /// <summary>Response and content headers; names are case-insensitive.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

        /// <summary>The body as text (UTF-8 unless the answer named another charset); null when there was no body.</summary>
        public string? Text { get; }

        /// <summary>The body parsed as JSON, or null when empty or not JSON.</summary>
        public JsonElement? Json { get; }

        /// <summary>The URL that answered.</summary>
        public Uri? RequestUri { get; }

        /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
        /// <param name="name">Header name, any case.</param>
        public string? GetHeader(string name) =>
            Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

        /// <summary>For example <c>200 https://api-na1.niceincontact.com/inContactAPI/services/v30.0/server-time</c> (no query).</summary>
        public override string ToString() => StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Diagnostics.Redactor.SafeUrl(RequestUri);
    }
}
