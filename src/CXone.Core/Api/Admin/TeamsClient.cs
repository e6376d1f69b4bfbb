using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Http;

namespace CXone.Core.Api
{
    /// <summary>Teams (<c>GET inContactAPI/services/v20.0/teams</c>, docs/cxone-api.md section 7). Thread-safe.</summary>
    public sealed class TeamsClient
    {
        /// <summary>The pinned version of the team endpoints (the one working code uses).</summary>
        public const string DefaultApiVersion = "v20.0";

        private readonly CXoneApiClient _api;

        /// <summary>Creates the client over a session's API client.</summary>
        /// <param name="api">The API client.</param>
        public TeamsClient(CXoneApiClient api) => _api = api ?? throw new ArgumentNullException(nameof(api));

        /// <summary>Teams, read lazily page by page with <c>skip</c>/<c>top</c> (array <c>teams</c>; 204 gives none).</summary>
        /// <param name="isActive">Only active (true) or inactive (false) teams; null for all.</param>
        /// <param name="paging">First/Skip/page size/total count; null for all.</param>
        /// <param name="apiVersion">Another version than <see cref="DefaultApiVersion"/> (<c>v21.0</c>, <c>21</c>); null for the pinned one.</param>
        /// <param name="cancellationToken">Cancels the current page request.</param>
        /// <returns>The teams in the API's order.</returns>
        /// <exception cref="CXoneException">InvalidArgument for a malformed version; any API failure (see <see cref="CXoneApiClient.SendAsync"/>).</exception>
        public async IAsyncEnumerable<CXoneTeam> GetTeamsAsync(bool? isActive, PagingOptions? paging, string? apiVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var q = AdminApi.Query();
            q["isActive"] = AdminApi.Bool(isActive);
            var path = AdminApi.Path(apiVersion, DefaultApiVersion, "teams");
            await foreach (var item in _api.PageAsync(path, q, (paging ?? new PagingOptions()).Named("teams"), cancellationToken).ConfigureAwait(false))
            {
                yield return CXoneTeam.FromJson(item);
            }
        }

        /// <summary>One team (<c>GET /teams/{teamId}</c>; the answer's <c>teams</c> array or the bare object).</summary>
        /// <param name="teamId">The team id.</param>
        /// <param name="apiVersion">Another version, or null for the pinned one.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The team.</returns>
        /// <exception cref="CXoneException">NotFound for an unknown id; InvalidResponse when the answer has no team; any API failure.</exception>
        public async Task<CXoneTeam> GetTeamAsync(long teamId, string? apiVersion, CancellationToken cancellationToken)
        {
            var path = AdminApi.Path(apiVersion, DefaultApiVersion, "teams/" + AdminApi.Id(teamId));
            var response = await _api.SendAsync(new CXoneRequest(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
            return CXoneTeam.FromJson(AdminJson.Single(response, "teams", "teamId", "GET /" + path));
        }

        /// <summary>
        /// The members of a team (<c>GET /teams/{teamId}/agents</c>, one request: the sources show no paging on it).
        /// The answer's <c>agents</c>, at the top or inside each of <c>teams</c>, are read; <paramref name="paging"/>'s
        /// Skip and First are applied to them here and its total count is the number of members.
        /// </summary>
        /// <param name="teamId">The team id.</param>
        /// <param name="paging">First/Skip/total count; null for all.</param>
        /// <param name="apiVersion">Another version, or null for the pinned one.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The members; none for 204.</returns>
        /// <exception cref="CXoneException">NotFound for an unknown team; any API failure.</exception>
        public async IAsyncEnumerable<CXoneAgent> GetTeamAgentsAsync(long teamId, PagingOptions? paging, string? apiVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var path = AdminApi.Path(apiVersion, DefaultApiVersion, "teams/" + AdminApi.Id(teamId) + "/agents");
            var response = await _api.SendAsync(new CXoneRequest(HttpMethod.Get, path) { Headers = paging?.Headers }, cancellationToken).ConfigureAwait(false);
            var members = new List<JsonElement>();
            if (response.Json is JsonElement root)
            {
                members.AddRange(AdminJson.TeamAgents(root));
            }

            paging?.OnTotalCount?.Invoke(members.Count);
            var skip = Math.Max(0, paging?.Skip ?? 0);
            long given = 0;
            for (var i = skip; i < members.Count; i++)
            {
                if (paging?.First is { } first && given >= first)
                {
                    yield break;
                }

                given++;
                yield return CXoneAgent.FromJson(members[(int)i]);
            }
        }
    }
}
