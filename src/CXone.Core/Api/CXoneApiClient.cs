using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;

namespace CXone.Core.Api
{
    /// <summary>
    /// Sends requests to the session's API endpoint (docs/cxone-api.md sections 3 and 5) through the session's
    /// pipeline (<see cref="CXoneHttpPipeline.CreateApiHandler"/>): paths relative to the API endpoint, or absolute
    /// URLs on that same scheme, host and port only. Thread-safe.
    /// </summary>
    public sealed class CXoneApiClient
    {
        private static readonly JsonSerializerOptions BodyJson = new JsonSerializerOptions();
        private readonly HttpClient _http;

        /// <summary>Creates the client.</summary>
        /// <param name="apiHttp">An <see cref="HttpClient"/> over the API chain (bearer token, retries).</param>
        /// <param name="apiEndpoint">The API endpoint (<c>api_endpoint</c> from cxone-configuration), absolute.</param>
        /// <param name="options">The session's HTTP options.</param>
        /// <exception cref="ArgumentException"><paramref name="apiEndpoint"/> is not absolute.</exception>
        public CXoneApiClient(HttpClient apiHttp, Uri apiEndpoint, CXoneHttpOptions options)
        {
            _http = apiHttp ?? throw new ArgumentNullException(nameof(apiHttp));
            if (apiEndpoint is null || !apiEndpoint.IsAbsoluteUri)
            {
                throw new ArgumentException("The API endpoint must be an absolute URI.", nameof(apiEndpoint));
            }

            var s = apiEndpoint.GetLeftPart(UriPartial.Path);
            ApiEndpoint = new Uri(s.EndsWith("/", StringComparison.Ordinal) ? s : s + "/");
            Options = options ?? throw new ArgumentNullException(nameof(options));
        }

        /// <summary>The API endpoint every relative path is resolved against (ends with <c>/</c>).</summary>
        public Uri ApiEndpoint { get; }

        /// <summary>The session's HTTP options.</summary>
        public CXoneHttpOptions Options { get; }

        /// <summary>
        /// Sends <paramref name="request"/> and reads the whole answer.
        /// </summary>
        /// <param name="request">What to send.</param>
        /// <param name="cancellationToken">Cancels the call, including any retry wait.</param>
        /// <returns>Status, headers, text and parsed JSON (null for an empty body or a non-JSON one on an error status).</returns>
        /// <exception cref="CXoneException">
        /// InvalidArgument for a URL on another host (nothing is sent); for an error status when
        /// <see cref="CXoneRequest.ThrowOnErrorStatus"/> (AuthenticationFailed 401, Forbidden 403, NotFound 404,
        /// BadRequest 400/409/422, RateLimited 429 and ServerError 5xx after retries); InvalidResponse for a success
        /// whose body is not valid JSON when JSON was announced or is HTML; Timeout/NetworkFailure after retries.
        /// </exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public async Task<CXoneResponse> SendAsync(CXoneRequest request, CancellationToken cancellationToken)
        {
            var uri = ResolveUri(request);
            using var message = BuildMessage(request, uri);
            var what = message.Method.Method + " " + uri.AbsolutePath;
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var text = response.Content is null ? null : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (text != null && text.Length == 0)
            {
                text = null;
            }

            var headers = ResponseHeaders.Of(response);
            if (status >= 400 && request.ThrowOnErrorStatus)
            {
                throw CXoneErrors.FromStatus(status, text, FirstHeader(response, CXoneErrors.StatusDescriptionHeader), uri.Authority, what, RequestTemplateAttempts(response));
            }

            JsonElement? json = null;
            if (text != null)
            {
                var mediaType = response.Content?.Headers.ContentType?.MediaType ?? string.Empty;
                var announcedJson = mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;
                var trimmed = text.TrimStart();
                var looksJson = trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal);
                if (announcedJson || looksJson)
                {
                    try
                    {
                        using var doc = JsonDocument.Parse(text);
                        json = doc.RootElement.Clone();
                    }
                    catch (JsonException e)
                    {
                        if (status < 400)
                        {
                            throw CXoneErrors.InvalidResponse(text, status, uri.Authority, what, e);
                        }
                    }
                }
                else if (status < 400 && (CXoneErrors.LooksLikeHtml(text) || mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    throw CXoneErrors.InvalidResponse(text, status, uri.Authority, what);
                }
            }

            return new CXoneResponse(status, headers, text, json, uri);
        }

        /// <summary>
        /// Sends <paramref name="request"/> and streams a successful body to <paramref name="path"/> (written to
        /// <c>path.partial</c>, then renamed; nothing is left behind on failure or cancellation). The body is never
        /// held in memory.
        /// </summary>
        /// <param name="request">What to send.</param>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="cancellationToken">Cancels the call and the copy.</param>
        /// <returns>Bytes written.</returns>
        /// <exception cref="CXoneException">As <see cref="SendAsync"/> for error statuses (always thrown here); NetworkFailure when the connection drops mid-body.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public async Task<long> SendToFileAsync(CXoneRequest request, string path, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A file path is needed.", nameof(path));
            }

            var full = Path.GetFullPath(path);
            var uri = ResolveUri(request);
            using var message = BuildMessage(request, uri);
#pragma warning disable CS0618
            message.Properties[RequestTemplate.StreamingKey] = true;
#pragma warning restore CS0618
            var what = message.Method.Method + " " + uri.AbsolutePath;
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status >= 400)
            {
                var text = response.Content is null ? null : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                throw CXoneErrors.FromStatus(status, text, FirstHeader(response, CXoneErrors.StatusDescriptionHeader), uri.Authority, what, RequestTemplateAttempts(response));
            }

            var partial = full + ".partial";
            long written = 0;
            try
            {
                using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                {
                    if (response.Content != null)
                    {
                        using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                        var buffer = new byte[81920];
                        while (true)
                        {
                            int n;
                            using (cancellationToken.Register(static s => ((IDisposable)s!).Dispose(), body))
                            {
                                n = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                            }

                            if (n == 0)
                            {
                                break;
                            }

                            await file.WriteAsync(buffer, 0, n, cancellationToken).ConfigureAwait(false);
                            written += n;
                        }
                    }
                }

                FileReplace(partial, full);
                return written;
            }
            catch (Exception e)
            {
                TryDelete(partial);
                cancellationToken.ThrowIfCancellationRequested();
                if (e is IOException || e is HttpRequestException || e is ObjectDisposedException)
                {
                    throw CXoneErrors.FromTransport(e, uri.Authority, what, 1);
                }

                throw;
            }
        }

        /// <summary>
        /// Walks a list endpoint lazily: each page is requested when the consumer reaches it. Finds the array named
        /// after the resource (<see cref="PagingOptions.ArrayName"/>, else the property that is an array of objects),
        /// follows <c>_links.next</c> when present and on the API endpoint's host (a link to another host is not
        /// followed: a warning is reported and paging goes on with <c>skip</c>/<c>top</c>), otherwise pages with
        /// <c>skip</c>/<c>top</c>. Stops on 204, an empty page, a <c>_links</c> without <c>next</c>, and when paging
        /// with <c>skip</c>/<c>top</c> on a short page or once <c>totalRecords</c> items have been passed (a short page
        /// with a <c>next</c> link is followed: the server may cap its pages below <c>top</c>).
        /// </summary>
        /// <param name="path">Relative path of the list endpoint (for example <c>inContactAPI/services/v30.0/agents</c>).</param>
        /// <param name="query">Extra query values (filters); <c>skip</c> and <c>top</c> are set here.</param>
        /// <param name="paging">First-N, skip-N, page size, total count callback, array name.</param>
        /// <param name="cancellationToken">Cancels the current page request.</param>
        /// <returns>Each item, cloned so it outlives its page.</returns>
        /// <exception cref="CXoneException">
        /// As <see cref="SendAsync"/>; InvalidResponse when a page has no array, when a next-page link points at a page
        /// this walk already fetched, or when a page repeats the one before it (a server that ignores <c>skip</c>);
        /// InvalidArgument when the walk would pass <see cref="PagingOptions.MaxPages"/>.
        /// </exception>
        public async IAsyncEnumerable<JsonElement> PageAsync(string path, IDictionary<string, string?>? query, PagingOptions paging, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            paging ??= new PagingOptions();
            var skip = paging.Skip < 0 ? 0 : paging.Skip;
            long yielded = 0;
            long? total = null;
            var first = paging.First;
            string? nextLink = null;
            var firstPage = true;
            var guard = new PagingGuard("GET /" + path.TrimStart('/'), ApiEndpoint.Authority, paging.MaxPages);
            while (first is null || yielded < first.Value)
            {
                guard.BeforeRequest();
                var top = paging.PageSize;
                if (first is { } f && f - yielded < top)
                {
                    top = (int)(f - yielded);
                }

                CXoneRequest request;
                if (nextLink != null)
                {
                    request = new CXoneRequest(HttpMethod.Get, WithTop(nextLink, first is null ? (int?)null : top)) { Headers = paging.Headers };
                }
                else
                {
                    var q = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                    if (query != null)
                    {
                        foreach (var kv in query)
                        {
                            q[kv.Key] = kv.Value;
                        }
                    }

                    q["skip"] = skip.ToString(CultureInfo.InvariantCulture);
                    q["top"] = top.ToString(CultureInfo.InvariantCulture);
                    request = new CXoneRequest(HttpMethod.Get, path) { Query = q, Headers = paging.Headers };
                }

                var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == 204 || response.Json is null)
                {
                    if (firstPage)
                    {
                        paging.OnTotalCount?.Invoke(0);
                    }

                    yield break;
                }

                var root = response.Json.Value;
                if (firstPage)
                {
                    firstPage = false;
                    total = JsonRead.Int64(root, "totalRecords");
                    if (total is { } t)
                    {
                        paging.OnTotalCount?.Invoke(t);
                    }
                }

                var array = FindArray(root, paging.ArrayName);
                if (array is null)
                {
                    throw CXoneErrors.InvalidResponse(response.Text, response.StatusCode, ApiEndpoint.Authority, "GET /" + path.TrimStart('/') + " (no item array on the page)");
                }

                guard.CheckPage(array.Value, array.Value.GetArrayLength());
                var count = 0;
                foreach (var item in array.Value.EnumerateArray())
                {
                    count++;
                    yield return item.Clone();
                    yielded++;
                    if (first is { } limit && yielded >= limit)
                    {
                        yield break;
                    }
                }

                skip += count;
                if (count == 0)
                {
                    yield break;
                }

                nextLink = null;
                if (JsonRead.TryGet(root, "_links", out var links) && links.ValueKind == JsonValueKind.Object)
                {
                    // The API tells where pages are: no next link means this was the last one; a next link is
                    // followed even after a short page (the server may cap the page size below top).
                    var next = JsonRead.String(links, "next");
                    if (string.IsNullOrEmpty(next))
                    {
                        yield break;
                    }

                    if (IsOnApiEndpoint(next!))
                    {
                        guard.CheckNextLink(next!);
                        nextLink = next;
                        continue;
                    }

                    CXoneReporting.Warning("The next-page link of GET /" + path.TrimStart('/') + " points at another host ("
                        + Redactor.SafeUrl(Uri.TryCreate(next, UriKind.Absolute, out var other) ? new Uri(other.GetLeftPart(UriPartial.Authority)) : null)
                        + "): not following it (the CXone token stays on the API endpoint); paging on with skip/top.");
                }

                // Paging with skip/top (docs/cxone-api.md section 3): a short page is the last one.
                if (count < top)
                {
                    yield break;
                }

                if (total is { } all && skip >= all)
                {
                    yield break;
                }
            }
        }

        private bool IsOnApiEndpoint(string link)
        {
            try
            {
                ResolveUri(new CXoneRequest(HttpMethod.Get, link));
                return true;
            }
            catch (CXoneException e) when (e.Kind == CXoneErrorKind.InvalidArgument)
            {
                return false;
            }
            catch (UriFormatException)
            {
                return false;
            }
        }

        /// <summary>The link with its <c>top</c> query value replaced by <paramref name="top"/> (when it has one), so first-N fetches no more than needed.</summary>
        private static string WithTop(string link, int? top)
        {
            if (top is null)
            {
                return link;
            }

            var q = link.IndexOf('?');
            if (q < 0)
            {
                return link;
            }

            var fragment = link.IndexOf('#', q);
            var query = fragment < 0 ? link.Substring(q + 1) : link.Substring(q + 1, fragment - q - 1);
            var parts = query.Split('&');
            var changed = false;
            for (var i = 0; i < parts.Length; i++)
            {
                var eq = parts[i].IndexOf('=');
                var name = eq < 0 ? parts[i] : parts[i].Substring(0, eq);
                if (string.Equals(Uri.UnescapeDataString(name), "top", StringComparison.OrdinalIgnoreCase)
                    && eq >= 0 && int.TryParse(parts[i].Substring(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var current) && current > top.Value)
                {
                    parts[i] = name + "=" + top.Value.ToString(CultureInfo.InvariantCulture);
                    changed = true;
                }
            }

            return changed ? link.Substring(0, q + 1) + string.Join("&", parts) + (fragment < 0 ? string.Empty : link.Substring(fragment)) : link;
        }

        /// <summary>
        /// The absolute URL <paramref name="request"/> goes to, with its query values.
        /// </summary>
        /// <param name="request">The request.</param>
        /// <returns>An absolute URL on the API endpoint's scheme, host and port.</returns>
        /// <exception cref="CXoneException">InvalidArgument: no path, or a URL on another scheme, host or port (the bearer token must not leave the API endpoint).</exception>
        public Uri ResolveUri(CXoneRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            Uri target;
            if (request.Uri != null)
            {
                if (!request.Uri.IsAbsoluteUri)
                {
                    target = new Uri(ApiEndpoint, request.Uri.OriginalString.TrimStart('/'));
                }
                else
                {
                    target = request.Uri;
                }
            }
            else if (!string.IsNullOrEmpty(request.Path))
            {
                var p = request.Path!;
                if (Uri.TryCreate(p, UriKind.Absolute, out var abs) && (abs.Scheme == Uri.UriSchemeHttp || abs.Scheme == Uri.UriSchemeHttps || p.Contains("://")))
                {
                    target = abs;
                }
                else if (p.StartsWith("//", StringComparison.Ordinal))
                {
                    target = new Uri(ApiEndpoint.Scheme + ":" + p);
                }
                else
                {
                    target = new Uri(ApiEndpoint, p.TrimStart('/'));
                }
            }
            else
            {
                throw new CXoneException(CXoneErrorKind.InvalidArgument, "The request has neither a path nor a URL.", "Pass a path relative to the API endpoint, for example inContactAPI/services/v30.0/server-time.");
            }

            if (!string.Equals(target.Scheme, ApiEndpoint.Scheme, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(target.Host, ApiEndpoint.Host, StringComparison.OrdinalIgnoreCase)
                || target.Port != ApiEndpoint.Port)
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "Refused to send the CXone token to " + target.Scheme + "://" + target.Authority + ": requests may only go to the API endpoint " + ApiEndpoint.Scheme + "://" + ApiEndpoint.Authority + ".",
                    "Pass a path relative to the API endpoint, or a URL on its host; fetch other hosts without the CXone token.",
                    host: target.Authority);
            }

            if (request.Query is { Count: > 0 } query)
            {
                var sb = new StringBuilder();
                var existing = target.Query;
                if (!string.IsNullOrEmpty(existing))
                {
                    sb.Append(existing.Substring(1));
                }

                foreach (var kv in query)
                {
                    if (kv.Value is null || string.IsNullOrEmpty(kv.Key))
                    {
                        continue;
                    }

                    if (sb.Length > 0)
                    {
                        sb.Append('&');
                    }

                    sb.Append(Uri.EscapeDataString(kv.Key)).Append('=').Append(Uri.EscapeDataString(kv.Value));
                }

                var b = new UriBuilder(target) { Query = sb.ToString() };
                target = b.Uri;
            }

            return target;
        }

        internal static JsonElement? FindArray(JsonElement root, string? name)
        {
            if (root.ValueKind == JsonValueKind.Array)
            {
                return root;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (!string.IsNullOrEmpty(name))
            {
                return JsonRead.TryGet(root, name!, out var named) && named.ValueKind == JsonValueKind.Array ? named : (JsonElement?)null;
            }

            JsonElement? emptyCandidate = null;
            foreach (var p in root.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Array || p.Name.StartsWith("_", StringComparison.Ordinal))
                {
                    continue;
                }

                var len = p.Value.GetArrayLength();
                if (len > 0 && p.Value[0].ValueKind == JsonValueKind.Object)
                {
                    return p.Value;
                }

                if (len == 0 && emptyCandidate is null)
                {
                    emptyCandidate = p.Value;
                }
            }

            return emptyCandidate;
        }

        private HttpRequestMessage BuildMessage(CXoneRequest request, Uri uri)
        {
            // Every caller header is checked before anything is built or sent (CR/LF would add headers on the wire).
            foreach (var h in request.Headers ?? (IDictionary<string, string>)new Dictionary<string, string>())
            {
                HeaderRules.Validate(h.Key, h.Value);
            }

            var message = new HttpRequestMessage(request.Method ?? HttpMethod.Get, uri);
            string? contentType = request.ContentType;
            if (request.Headers != null)
            {
                foreach (var h in request.Headers)
                {
                    if (HeaderRules.IsReserved(h.Key))
                    {
                        CXoneReporting.Warning("The header '" + h.Key + "' was left out: the session sets it itself.");
                        continue;
                    }

                    if (string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase))
                    {
                        contentType ??= h.Value;
                        continue;
                    }

                    if (h.Key.Equals("Accept", StringComparison.OrdinalIgnoreCase))
                    {
                        message.Headers.Accept.Clear();
                    }

                    message.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }
            }

            string? body = request.RawBody;
            if (body is null && request.Body != null)
            {
                body = request.Body is JsonElement je ? je.GetRawText() : JsonSerializer.Serialize(request.Body, request.Body.GetType(), BodyJson);
            }

            if (body != null)
            {
                var content = new StringContent(body, Encoding.UTF8);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json; charset=utf-8");
                message.Content = content;
            }

            return message;
        }

        private static string? FirstHeader(HttpResponseMessage response, string name)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                foreach (var v in values)
                {
                    return v;
                }
            }

            return null;
        }

        private static int RequestTemplateAttempts(HttpResponseMessage response) => RequestTemplate.AttemptsOf(response.RequestMessage);

        internal static void FileReplace(string source, string target)
        {
            if (File.Exists(target))
            {
                File.Replace(source, target, null);
            }
            else
            {
                File.Move(source, target);
            }
        }

        internal static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
