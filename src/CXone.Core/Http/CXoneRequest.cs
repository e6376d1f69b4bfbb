using System;
using System.Collections.Generic;
using System.Net.Http;

namespace CXone.Core.Http
{
    /// <summary>
    /// One call to the CXone API, sent through <see cref="Api.CXoneApiClient"/>. Either <see cref="Path"/>
    /// (relative to the session's API endpoint, for example <c>inContactAPI/services/v30.0/server-time</c>;
    /// docs/cxone-api.md section 3) or <see cref="Uri"/> (absolute, and only on the API endpoint's own scheme,
    /// host and port: any other host is refused before anything is sent, so the bearer token cannot leak).
    /// </summary>
    public sealed class CXoneRequest
    {
        /// <summary>Creates a GET request with no path; set <see cref="Path"/> or <see cref="Uri"/>.</summary>
        public CXoneRequest()
        {
        }

        /// <summary>Creates a request for <paramref name="method"/> and a path relative to the API endpoint.</summary>
        /// <param name="method">The HTTP method.</param>
        /// <param name="path">Relative path (for example <c>inContactAPI/services/v30.0/agents</c>) or an absolute URL on the API endpoint's host.</param>
        public CXoneRequest(HttpMethod method, string path)
        {
            Method = method ?? throw new ArgumentNullException(nameof(method));
            Path = path;
        }

        /// <summary>The HTTP method (default GET).</summary>
        public HttpMethod Method { get; set; } = HttpMethod.Get;

        /// <summary>Path relative to the API endpoint, optionally with a query. An absolute URL here is treated like <see cref="Uri"/>.</summary>
        public string? Path { get; set; }

        /// <summary>An absolute URL; allowed only on the API endpoint's scheme, host and port (wins over <see cref="Path"/>).</summary>
        public Uri? Uri { get; set; }

        /// <summary>Query values added to the URL (escaped here); null values are left out.</summary>
        public IDictionary<string, string?>? Query { get; set; }

        /// <summary>Any object serialized as the JSON body with System.Text.Json (a dictionary, a model, a <see cref="System.Text.Json.JsonElement"/>).</summary>
        public object? Body { get; set; }

        /// <summary>A body sent as is (wins over <see cref="Body"/>); its type is <see cref="ContentType"/>.</summary>
        public string? RawBody { get; set; }

        /// <summary>Content type of the body (default <c>application/json</c>).</summary>
        public string? ContentType { get; set; }

        /// <summary>
        /// Extra request headers. A header named <c>Authorization</c> is never sent (the pipeline sets the bearer
        /// token itself); <c>Content-Type</c> here sets the body's type.
        /// </summary>
        public IDictionary<string, string>? Headers { get; set; }

        /// <summary>
        /// When true (default) an error status (4xx/5xx after retries) throws <see cref="Errors.CXoneException"/>;
        /// when false the response is returned with its status.
        /// </summary>
        public bool ThrowOnErrorStatus { get; set; } = true;

        /// <summary>True when this request can be walked page by page: only GET lists have pages.</summary>
        public bool IsPageable => Method == HttpMethod.Get;

        /// <summary>Checks that this request can be paged (see <see cref="IsPageable"/>) before anything is sent.</summary>
        /// <exception cref="Errors.CXoneException">InvalidArgument: the method is not GET.</exception>
        public void EnsurePageable()
        {
            if (!IsPageable)
            {
                throw Errors.CXoneErrors.NotPageable(Method);
            }
        }
    }
}
