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

        /// <summary>A fresh copy of the request (headers, body, properties) for another address: a redirect that keeps the method and body.</summary>
        public HttpRequestMessage CreateFor(Uri target)
        {
            if (_original != null && _headers is null)
            {
                Capture(_original);
            }

            return Copy(target);
        }

        public HttpRequestMessage Create()
        {
            if (_original != null)
            {
                if (!_originalSent)
                {
                    // First attempt of a request without content: the message itself.
                    _originalSent = true;
                    return _original;
                }

                if (_headers is null)
                {
                    // A retry: copy what the first attempt carried (on the API chain the bearer handler then
                    // replaces the Authorization it set with the current token; storage removes it).
                    Capture(_original);
                }
            }

            return Copy(_uri);
        }

        private HttpRequestMessage Copy(Uri? uri)
        {
            var m = new HttpRequestMessage(_method, uri) { Version = _version };
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

            // The call's property bag (HttpCallProperties) and anything a caller set travel with every attempt.
            foreach (var p in _properties!)
            {
                m.Properties[p.Key] = p.Value;
            }

            return m;
        }

        private void Capture(HttpRequestMessage request)
        {
            _headers = request.Headers.Select(h => new KeyValuePair<string, string[]>(h.Key, h.Value.ToArray())).ToArray();
            _properties = request.Properties.ToArray();
        }

        /// <summary>The template of the call <paramref name="request"/> belongs to, or null outside the retry loop.</summary>
        public static RequestTemplate? Of(HttpRequestMessage request) =>
            HttpCallProperties.Find(request) is { } bag && bag.TryGetValue(HttpCallProperties.Template, out var t) ? t : null;

        /// <summary>See <see cref="HttpCallProperties.IsStreaming"/>.</summary>
        public static bool IsStreaming(HttpRequestMessage request) => HttpCallProperties.IsStreaming(request);

        /// <summary>See <see cref="HttpCallProperties.AttemptsOf"/>.</summary>
        public static int AttemptsOf(HttpRequestMessage? request) => HttpCallProperties.AttemptsOf(request);
    }
}
