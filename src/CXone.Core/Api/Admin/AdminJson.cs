using System.Collections.Generic;
using System.Text.Json;
using CXone.Core.Errors;
using CXone.Core.Http;

namespace CXone.Core.Api
{
    /// <summary>
    /// Reads admin answers in every shape the sources show (docs/cxone-api.md section 7): a wrapper object with the
    /// named array, a bare array, or (for one item) the object itself; property names without regard to case.
    /// </summary>
    internal static class AdminJson
    {
        /// <summary>The items of <paramref name="arrayName"/> in <paramref name="root"/> (a bare array is its own items).</summary>
        public static IEnumerable<JsonElement> Items(JsonElement root, string arrayName)
        {
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    yield return item;
                }
            }
            else if (JsonRead.TryGet(root, arrayName, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in array.EnumerateArray())
                {
                    yield return item;
                }
            }
        }

        /// <summary>
        /// The single item of a by-id answer: the first of <paramref name="arrayName"/> (<c>{agents:[{...}]}</c>), or the
        /// object itself when it carries <paramref name="idName"/>.
        /// </summary>
        /// <exception cref="CXoneException">InvalidResponse when neither is there.</exception>
        public static JsonElement Single(CXoneResponse response, string arrayName, string idName, string what)
        {
            if (response.Json is JsonElement root)
            {
                foreach (var item in Items(root, arrayName))
                {
                    return item;
                }

                if (root.ValueKind == JsonValueKind.Object && JsonRead.TryGet(root, idName, out _))
                {
                    return root;
                }
            }

            throw CXoneErrors.InvalidResponse(response.Text, response.StatusCode, response.RequestUri?.Authority, what + " (no " + arrayName + " in the answer)");
        }

        /// <summary>
        /// The members in an answer of <c>GET /teams/{teamId}/agents</c>: <c>agents</c> at the top, or inside each
        /// item of <c>teams</c> (<c>{teams:[{agents:[...]}]}</c>, the shape working code reads), or a bare array.
        /// </summary>
        public static IEnumerable<JsonElement> TeamAgents(JsonElement root)
        {
            var found = false;
            foreach (var item in Items(root, "agents"))
            {
                found = true;
                yield return item;
            }

            if (found || root.ValueKind != JsonValueKind.Object)
            {
                yield break;
            }

            foreach (var team in Items(root, "teams"))
            {
                foreach (var item in Items(team, "agents"))
                {
                    yield return item;
                }
            }
        }
    }
}
