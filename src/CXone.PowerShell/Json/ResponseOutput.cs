using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.Core.Http;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Json
{
    /// <summary>What Invoke-CXoneRequest writes for a response or a paged list: PSCustomObjects, arrays unrolled, or the raw text.</summary>
    internal static class ResponseOutput
    {
        /// <summary>The objects to write for <paramref name="response"/>: the text with <paramref name="raw"/> or when it is not JSON; else the JSON, a top-level array unrolled.</summary>
        public static IEnumerable<object?> Values(CXoneResponse response, bool raw)
        {
            if (raw || response.Json is null)
            {
                if (!string.IsNullOrEmpty(response.Text))
                {
                    yield return response.Text;
                }

                yield break;
            }

            foreach (var value in JsonValues.Unroll(response.Json.Value))
            {
                yield return PSObjects.FromPlain(value);
            }
        }

        /// <summary>Walks a list endpoint with <see cref="CXoneApiClient.PageAsync(CXoneRequest, PagingOptions, CancellationToken)"/> and emits every item as a PSCustomObject.</summary>
        public static async Task PageAsync(CXoneApiClient api, CXoneRequest request, PagingOptions paging, PipelinePump pump, CancellationToken ct)
        {
            await foreach (var item in api.PageAsync(request, paging, ct).ConfigureAwait(false))
            {
                await pump.EmitAsync(PSObjects.FromPlain(JsonValues.ToPlain(item))!, ct).ConfigureAwait(false);
            }
        }
    }
}
