using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace CXone.Core.Http
{
    /// <summary>The headers of an answer as one case-insensitive map (response and content headers together).</summary>
    internal static class ResponseHeaders
    {
        /// <summary>Every header of <paramref name="response"/>, content headers included; names compared without regard to case.</summary>
        internal static IReadOnlyDictionary<string, IReadOnlyList<string>> Of(HttpResponseMessage response)
        {
            var d = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in response.Headers)
            {
                d[h.Key] = h.Value.ToArray();
            }

            if (response.Content != null)
            {
                foreach (var h in response.Content.Headers)
                {
                    d[h.Key] = h.Value.ToArray();
                }
            }

            return d;
        }
    }
}
