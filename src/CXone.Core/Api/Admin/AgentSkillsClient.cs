using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Http;

namespace CXone.Core.Api
{
    /// <summary>
    /// Skill assignments (<c>inContactAPI/services/v20.0/agents/{agentId}/skills</c> and
    /// <c>/skills/{skillId}/agents</c>, docs/cxone-api.md section 7): reads, and batched writes that send many
    /// agent/skill pairs in the API's bulk bodies and give one result per pair. Thread-safe.
    /// </summary>
    public sealed class AgentSkillsClient
    {
        /// <summary>The pinned version of the assignment endpoints (the one working code writes them with).</summary>
        public const string DefaultApiVersion = "v20.0";

        /// <summary>
        /// The most skills one write request carries: 100. No source gives the API's limit, so this is the module's
        /// choice, small enough for a request of a few kilobytes (docs/cxone-api.md section 7).
        /// </summary>
        public const int MaxBatchSize = 100;

        private readonly CXoneApiClient _api;
        private int _batchSize = MaxBatchSize;

        /// <summary>Creates the client over a session's API client.</summary>
        /// <param name="api">The API client.</param>
        public AgentSkillsClient(CXoneApiClient api) => _api = api ?? throw new ArgumentNullException(nameof(api));

        /// <summary>Skills per write request (1..<see cref="MaxBatchSize"/>; tests lower it).</summary>
        internal int BatchSize
        {
            get => _batchSize;
            set => _batchSize = value >= 1 && value <= MaxBatchSize ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        /// <summary>An agent's assignments (<c>GET /agents/{agentId}/skills</c>, array <c>agentSkillAssignments</c>), paged with <c>skip</c>/<c>top</c>.</summary>
        /// <param name="agentId">The agent id.</param>
        /// <param name="paging">First/Skip/page size/total count; null for all.</param>
        /// <param name="apiVersion">Another version than <see cref="DefaultApiVersion"/>; null for it.</param>
        /// <param name="cancellationToken">Cancels the current page request.</param>
        /// <returns>The assignments (204 gives none).</returns>
        /// <exception cref="CXoneException">NotFound for an unknown agent; any API failure (see <see cref="CXoneApiClient.SendAsync"/>).</exception>
        public IAsyncEnumerable<CXoneAgentSkill> GetByAgentAsync(long agentId, PagingOptions? paging, string? apiVersion, CancellationToken cancellationToken) =>
            ReadAsync("agents/" + AdminApi.Id(agentId) + "/skills", agentId, null, paging, apiVersion, cancellationToken);

        /// <summary>A skill's agents (<c>GET /skills/{skillId}/agents</c>, array <c>agentSkillAssignments</c>), paged with <c>skip</c>/<c>top</c>.</summary>
        /// <param name="skillId">The skill id.</param>
        /// <param name="paging">First/Skip/page size/total count; null for all.</param>
        /// <param name="apiVersion">Another version than <see cref="DefaultApiVersion"/>; null for it.</param>
        /// <param name="cancellationToken">Cancels the current page request.</param>
        /// <returns>The assignments (204 gives none).</returns>
        /// <exception cref="CXoneException">NotFound for an unknown skill; any API failure.</exception>
        public IAsyncEnumerable<CXoneAgentSkill> GetBySkillAsync(long skillId, PagingOptions? paging, string? apiVersion, CancellationToken cancellationToken) =>
            ReadAsync("skills/" + AdminApi.Id(skillId) + "/agents", null, skillId, paging, apiVersion, cancellationToken);

        /// <summary>
        /// Adds, changes or removes many pairs: grouped per agent (in the order agents first appear) and sent as
        /// <c>POST</c>/<c>PUT</c>/<c>DELETE /agents/{agentId}/skills {skills:[{skillId, proficiency, isActive}]}</c>,
        /// at most <see cref="MaxBatchSize"/> skills per request, one request at a time. Gives exactly one result per
        /// pair, in request order: the API's per-item answer (<c>skillResults</c>, inside <c>resultSet</c> or not) decides
        /// each pair; a pair the API refused carries an AgentSkillFailed error; when a whole request fails for its own
        /// items (a 404 for an unknown agent, a 5xx after retries) each of its pairs carries that error; a pair with a
        /// proficiency outside 1..20 is not sent and carries an InvalidArgument error.
        /// </summary>
        /// <param name="operation">Add, Set or Remove (Remove sends only <c>skillId</c>).</param>
        /// <param name="changes">The pairs.</param>
        /// <param name="apiVersion">Another version than <see cref="DefaultApiVersion"/>; null for it.</param>
        /// <param name="cancellationToken">Cancels the current request; results already given stand.</param>
        /// <returns>One result per pair.</returns>
        /// <exception cref="CXoneException">A failure that ends the run (<see cref="CXoneFailurePolicy"/>: the session is gone); InvalidArgument for a malformed version.</exception>
        public async IAsyncEnumerable<AgentSkillResult> ApplyAsync(AgentSkillOperation operation, IEnumerable<AgentSkillChange> changes, string? apiVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (changes is null)
            {
                throw new ArgumentNullException(nameof(changes));
            }

            AdminApi.NormalizeVersion(apiVersion, DefaultApiVersion);
            var valid = new List<AgentSkillChange>();
            foreach (var change in changes)
            {
                if (operation != AgentSkillOperation.Remove && change.Proficiency is { } p && (p < 1 || p > 20))
                {
                    yield return new AgentSkillResult(operation, change, new CXoneException(
                        CXoneErrorKind.InvalidArgument,
                        "The proficiency " + p.ToString(CultureInfo.InvariantCulture) + " of " + change + " is outside 1..20; it was not sent.",
                        "Give a proficiency from 1 (best) to 20."));
                    continue;
                }

                valid.Add(change);
            }

            foreach (var batch in Batches(valid))
            {
                foreach (var result in await SendBatchAsync(operation, batch, apiVersion, cancellationToken).ConfigureAwait(false))
                {
                    yield return result;
                }
            }
        }

        private IEnumerable<List<AgentSkillChange>> Batches(List<AgentSkillChange> changes)
        {
            foreach (var perAgent in changes.GroupBy(c => c.AgentId))
            {
                var list = perAgent.ToList();
                for (var i = 0; i < list.Count; i += _batchSize)
                {
                    yield return list.GetRange(i, Math.Min(_batchSize, list.Count - i));
                }
            }
        }

        private async Task<IReadOnlyList<AgentSkillResult>> SendBatchAsync(AgentSkillOperation operation, List<AgentSkillChange> batch, string? apiVersion, CancellationToken cancellationToken)
        {
            var agentId = batch[0].AgentId;
            var path = AdminApi.Path(apiVersion, DefaultApiVersion, "agents/" + AdminApi.Id(agentId) + "/skills");
            var request = new CXoneRequest(MethodOf(operation), path) { Body = AgentSkillAnswers.Body(operation, batch) };
            CXoneResponse response;
            try
            {
                response = await _api.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (CXoneException e) when (CXoneFailurePolicy.IsItemFailure(e))
            {
                // The request failed for its own pairs only (for example a 404 for an unknown agent): each pair carries it.
                return batch.Select(c => new AgentSkillResult(operation, c, e)).ToList();
            }

            return AgentSkillAnswers.Read(operation, batch, response);
        }

        private static HttpMethod MethodOf(AgentSkillOperation operation) =>
            operation == AgentSkillOperation.Add ? HttpMethod.Post : operation == AgentSkillOperation.Set ? HttpMethod.Put : HttpMethod.Delete;

        private async IAsyncEnumerable<CXoneAgentSkill> ReadAsync(string rest, long? agentId, long? skillId, PagingOptions? paging, string? apiVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var path = AdminApi.Path(apiVersion, DefaultApiVersion, rest);
            await foreach (var item in _api.PageAsync(path, null, (paging ?? new PagingOptions()).Named("agentSkillAssignments"), cancellationToken).ConfigureAwait(false))
            {
                yield return CXoneAgentSkill.FromJson(item, agentId, skillId);
            }
        }
    }
}
