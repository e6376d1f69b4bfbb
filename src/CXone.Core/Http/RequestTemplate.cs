using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;

namespace CXone.Core.Http
{
    /// <summary>
    /// A sent <see cref="HttpRequestMessage"/> cannot be sent again: this keeps what is needed (content
    /// buffered) to build a fresh message for every attempt. A request without content (every GET) goes out
    /// itself on the first attempt, and only a retry copies it: the common call pays for no copy.
    /// </summary>
    internal sealed class RequestTemplate
    {
        internal const string PropertyKey = "CXone.RequestTemplate";
        internal const string StreamingKey = "CXone.Streaming";
        internal const string AttemptsKey = "CXone.Attempts";

        private readonly HttpMethod _method;
        private readonly Uri? _uri;
        private readonly Version _version;
        private readonly byte[]? _body;
        private readonly HttpRequestMessage? _original;
        private bool _originalSent;
        private KeyValuePair<string, string[]>[]? _headers;
        private KeyValuePair<string, string[]>[] _contentHeaders = Array.Empty<KeyValuePair<string, string[]>>();
        private KeyValuePair<string, object?>[]? _properties;

        private RequestTemplate(HttpRequestMessage request, byte[]? body)
        {
            _method = request.Method;
            _uri = request.RequestUri;
            _version = request.Version;
            _body = body;
            if (request.Content is null)
            {
                // Sent as it is on the first attempt; copied only for a retry.
                _original = request;
                return;
            }

            Capture(request);
            _contentHeaders = request.Content.Headers.Select(h => new KeyValuePair<string, string[]>(h.Key, h.Value.ToArray())).ToArray();
        }

        public Uri? Uri => _uri;

        public HttpMethod Method => _method;

        public static async Task<RequestTemplate> CreateAsync(HttpRequestMessage request)
        {
            byte[]? body = null;
            if (request.Content != null)
            {
                body = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }

            return new RequestTemplate(request, body);
        }

        public HttpRequestMessage Create()
        {
            if (_original != null)
            {
                if (!_originalSent)
                {
                    // First attempt of a request without content: the message itself.
                    _originalSent = true;
#pragma warning disable CS0618
                    _original.Properties[PropertyKey] = this;
#pragma warning restore CS0618
                    return _original;
                }

                if (_headers is null)
                {
                    // A retry: copy what the first attempt carried (on the API chain the bearer handler then
                    // replaces the Authorization it set with the current token; storage removes it).
                    Capture(_original);
                }
            }

            var m = new HttpRequestMessage(_method, _uri) { Version = _version };
            foreach (var h in _headers!)
            {
                m.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }

            if (_body != null)
            {
                var c = new ByteArrayContent(_body);
                foreach (var h in _contentHeaders)
                {
                    c.Headers.Remove(h.Key);
                    c.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }

                m.Content = c;
            }

#pragma warning disable CS0618
            foreach (var p in _properties!)
            {
                m.Properties[p.Key] = p.Value;
            }

            m.Properties[PropertyKey] = this;
#pragma warning restore CS0618
            return m;
        }

        private void Capture(HttpRequestMessage request)
        {
            _headers = request.Headers.Select(h => new KeyValuePair<string, string[]>(h.Key, h.Value.ToArray())).ToArray();
#pragma warning disable CS0618 // HttpRequestMessage.Properties is the netstandard2.0 way
            _properties = request.Properties.Where(p => p.Key != PropertyKey).ToArray();
#pragma warning restore CS0618
        }

        public static RequestTemplate? Of(HttpRequestMessage request)
        {
#pragma warning disable CS0618
            return request.Properties.TryGetValue(PropertyKey, out var t) ? t as RequestTemplate : null;
#pragma warning restore CS0618
        }

        public static bool IsStreaming(HttpRequestMessage request)
        {
#pragma warning disable CS0618
            return request.Properties.TryGetValue(StreamingKey, out var v) && v is bool b && b;
#pragma warning restore CS0618
        }

        public static int AttemptsOf(HttpRequestMessage? request)
        {
#pragma warning disable CS0618
            return request != null && request.Properties.TryGetValue(AttemptsKey, out var v) && v is int n ? n : 1;
#pragma warning restore CS0618
        }

        public static void SetAttempts(HttpRequestMessage? request, int attempts)
        {
#pragma warning disable CS0618
            if (request != null)
            {
                request.Properties[AttemptsKey] = attempts;
            }
#pragma warning restore CS0618
        }
    }
}
