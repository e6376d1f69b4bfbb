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
    /// <summary>Skills (<c>GET inContactAPI/services/v20.0/skills</c>, docs/cxone-api.md section 7). Thread-safe.</summary>
    public sealed class SkillsClient
    {
        /// <summary>The pinned version of the skill reads (the one working code uses).</summary>
        public const string DefaultApiVersion = "v20.0";

        private readonly CXoneApiClient _api;

        /// <summary>Creates the client over a session's API client.</summary>
        /// <param name="api">The API client.</param>
        public SkillsClient(CXoneApiClient api) => _api = api ?? throw new ArgumentNullException(nameof(api));

        /// <summary>Skills, read lazily page by page with <c>skip</c>/<c>top</c> (array <c>skills</c>; 204 gives none).</summary>
        /// <param name="query">Filters (null for none).</param>
        /// <param name="paging">First/Skip/page size/total count; null for all.</param>
        /// <param name="apiVersion">Another version than <see cref="DefaultApiVersion"/>; null for it.</param>
        /// <param name="cancellationToken">Cancels the current page request.</param>
        /// <returns>The skills in the API's order.</returns>
        /// <exception cref="CXoneException">InvalidArgument for a malformed version; any API failure (see <see cref="CXoneApiClient.SendAsync"/>).</exception>
        public async IAsyncEnumerable<CXoneSkill> GetSkillsAsync(SkillQuery? query, PagingOptions? paging, string? apiVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            query ??= new SkillQuery();
            var q = AdminApi.Query();
            q["mediaTypeId"] = AdminApi.Num(query.MediaTypeId);
            q["isActive"] = AdminApi.Bool(query.IsActive);
            q["searchString"] = string.IsNullOrEmpty(query.SearchString) ? null : query.SearchString;
            var path = AdminApi.Path(apiVersion, DefaultApiVersion, "skills");
            await foreach (var item in _api.PageAsync(path, q, (paging ?? new PagingOptions()).Named("skills"), cancellationToken).ConfigureAwait(false))
            {
                yield return CXoneSkill.FromJson(item);
            }
        }

        /// <summary>One skill (<c>GET /skills/{skillId}</c>; the answer's <c>skills</c> array or the bare object).</summary>
        /// <param name="skillId">The skill id.</param>
        /// <param name="apiVersion">Another version, or null for the pinned one.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The skill.</returns>
        /// <exception cref="CXoneException">NotFound for an unknown id; InvalidResponse when the answer has no skill; any API failure.</exception>
        public async Task<CXoneSkill> GetSkillAsync(long skillId, string? apiVersion, CancellationToken cancellationToken)
        {
            var path = AdminApi.Path(apiVersion, DefaultApiVersion, "skills/" + AdminApi.Id(skillId));
            var response = await _api.SendAsync(new CXoneRequest(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
            return CXoneSkill.FromJson(AdminJson.Single(response, "skills", "skillId", "GET /" + path));
        }
    }
}
