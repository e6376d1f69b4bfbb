using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Http;

namespace CXone.Core.Api
{
    /// <summary>Agents (<c>GET inContactAPI/services/v23.0/agents</c>, docs/cxone-api.md section 7). Thread-safe.</summary>
    public sealed class AgentsClient
    {
        /// <summary>The pinned version of the agent endpoints (the one working code reads agents with).</summary>
        public const string DefaultApiVersion = "v23.0";

        private readonly CXoneApiClient _api;
        private readonly TeamsClient _teams;

        /// <summary>Creates the client over a session's API client.</summary>
        /// <param name="api">The API client.</param>
        /// <param name="teams">The team client that lists a team's members.</param>
        public AgentsClient(CXoneApiClient api, TeamsClient teams)
        {
            _api = api ?? throw new ArgumentNullException(nameof(api));
            _teams = teams ?? throw new ArgumentNullException(nameof(teams));
        }

        /// <summary>
        /// Agents, read lazily page by page with <c>skip</c>/<c>top</c> (array <c>agents</c>; 204 gives none). With
        /// <see cref="AgentQuery.TeamId"/> the team's members instead (<see cref="TeamsClient.GetTeamAgentsAsync"/>, one
        /// request), filtered here by <see cref="AgentQuery.IsActive"/>, <see cref="AgentQuery.SearchString"/> (names and
        /// user name, without regard to case) and <see cref="AgentQuery.UpdatedSince"/>, then paged: Skip and First
        /// count matching members, and the total count is the number of matching members.
        /// </summary>
        /// <param name="query">Filters (null for none).</param>
        /// <param name="paging">First/Skip/page size/total count; null for all.</param>
        /// <param name="apiVersion">Another version than the pinned one (<see cref="DefaultApiVersion"/>, or <see cref="TeamsClient.DefaultApiVersion"/> for members); null for it.</param>
        /// <param name="cancellationToken">Cancels the current page request.</param>
        /// <returns>The agents in the API's order.</returns>
        /// <exception cref="CXoneException">InvalidArgument for a malformed version; NotFound for an unknown team; any API failure.</exception>
        public async IAsyncEnumerable<CXoneAgent> GetAgentsAsync(AgentQuery? query, PagingOptions? paging, string? apiVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            query ??= new AgentQuery();
            if (query.TeamId is { } teamId)
            {
                foreach (var member in Window(await MatchingMembersAsync(teamId, query, paging, apiVersion, cancellationToken).ConfigureAwait(false), paging))
                {
                    yield return member;
                }

                yield break;
            }

            var q = AdminApi.Query();
            q["isActive"] = AdminApi.Bool(query.IsActive);
            q["searchString"] = string.IsNullOrEmpty(query.SearchString) ? null : query.SearchString;
            q["updatedSince"] = query.UpdatedSince is { } since ? ContactsClient.IsoDate(since) : null;
            var path = AdminApi.Path(apiVersion, DefaultApiVersion, "agents");
            await foreach (var item in _api.PageAsync(path, q, (paging ?? new PagingOptions()).Named("agents"), cancellationToken).ConfigureAwait(false))
            {
                yield return CXoneAgent.FromJson(item);
            }
        }

        /// <summary>One agent (<c>GET /agents/{agentId}</c>; the answer's <c>agents</c> array or the bare object).</summary>
        /// <param name="agentId">The agent id.</param>
        /// <param name="apiVersion">Another version, or null for the pinned one.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The agent.</returns>
        /// <exception cref="CXoneException">NotFound for an unknown id; InvalidResponse when the answer has no agent; any API failure.</exception>
        public async Task<CXoneAgent> GetAgentAsync(long agentId, string? apiVersion, CancellationToken cancellationToken)
        {
            var path = AdminApi.Path(apiVersion, DefaultApiVersion, "agents/" + AdminApi.Id(agentId));
            var response = await _api.SendAsync(new CXoneRequest(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
            return CXoneAgent.FromJson(AdminJson.Single(response, "agents", "agentId", "GET /" + path));
        }

        /// <summary>
        /// The members of a team that match the filters, with <paramref name="paging"/>'s total count (the number that
        /// match). The members come in one answer, so filtering before Skip/First costs no request and makes First
        /// count matching members rather than members.
        /// </summary>
        private async Task<List<CXoneAgent>> MatchingMembersAsync(long teamId, AgentQuery query, PagingOptions? paging, string? apiVersion, CancellationToken cancellationToken)
        {
            var unpaged = paging is null ? null : new PagingOptions { Headers = paging.Headers };
            var matching = new List<CXoneAgent>();
            await foreach (var member in _teams.GetTeamAgentsAsync(teamId, unpaged, apiVersion, cancellationToken).ConfigureAwait(false))
            {
                if (Matches(member, query))
                {
                    matching.Add(member);
                }
            }

            paging?.OnTotalCount?.Invoke(matching.Count);
            return matching;
        }

        private static List<CXoneAgent> Window(List<CXoneAgent> items, PagingOptions? paging)
        {
            var skip = (int)Math.Min(Math.Max(0, paging?.Skip ?? 0), items.Count);
            var count = items.Count - skip;
            if (paging?.First is { } first)
            {
                count = (int)Math.Min(count, Math.Max(0, first));
            }

            return items.GetRange(skip, count);
        }

        private static bool Matches(CXoneAgent a, AgentQuery q) =>
            (q.IsActive is null || a.IsActive == q.IsActive)
            && (q.UpdatedSince is null || (a.LastUpdated is { } u && u >= q.UpdatedSince.Value))
            && (string.IsNullOrEmpty(q.SearchString) || Contains(a.FirstName, q.SearchString!) || Contains(a.LastName, q.SearchString!) || Contains(a.UserName, q.SearchString!));

        private static bool Contains(string? text, string part) => text != null && text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
