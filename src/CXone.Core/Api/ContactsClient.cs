using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;

namespace CXone.Core.Api
{
    /// <summary>Completed contacts (<c>GET inContactAPI/services/v30.0/contacts/completed</c>, docs/cxone-api.md section 3).</summary>
    public sealed class ContactsClient
    {
        private readonly CXoneApiClient _api;

        /// <summary>Creates the client over a session's API client.</summary>
        /// <param name="api">The API client.</param>
        public ContactsClient(CXoneApiClient api) => _api = api ?? throw new ArgumentNullException(nameof(api));

        /// <summary>The API version used in the path (default <c>v30.0</c>).</summary>
        public string ApiVersion { get; set; } = "v30.0";

        /// <summary>
        /// Completed contacts between <see cref="ContactQuery.StartDate"/> and <see cref="ContactQuery.EndDate"/>,
        /// read lazily page by page (array <c>completedContacts</c>; 204 gives an empty sequence).
        /// </summary>
        /// <param name="query">Dates and filters.</param>
        /// <param name="paging">First/Skip/page size/total count; null for all with the default page size.</param>
        /// <param name="cancellationToken">Cancels the current page request.</param>
        /// <returns>The contacts, in the order the API returns them.</returns>
        /// <exception cref="CXoneException">InvalidArgument when the end is not after the start; any API failure (see <see cref="CXoneApiClient.SendAsync"/>).</exception>
        public async IAsyncEnumerable<CXoneContact> GetCompletedAsync(ContactQuery query, PagingOptions? paging, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var q = BuildQuery(query);
            var p = paging ?? new PagingOptions();
            if (p.ArrayName is null)
            {
                p = new PagingOptions { First = p.First, Skip = p.Skip, PageSize = p.PageSize, OnTotalCount = p.OnTotalCount, ArrayName = "completedContacts" };
            }

            await foreach (var item in _api.PageAsync("inContactAPI/services/" + ApiVersion + "/contacts/completed", q, p, cancellationToken).ConfigureAwait(false))
            {
                yield return CXoneContact.FromJson(item);
            }
        }

        /// <summary>The query values for <paramref name="query"/>: ISO 8601 dates (<c>Z</c> for UTC) and the filters that are set.</summary>
        /// <param name="query">Dates and filters.</param>
        /// <returns>Name/value pairs for the query string.</returns>
        /// <exception cref="CXoneException">InvalidArgument when the end is not after the start.</exception>
        public static IDictionary<string, string?> BuildQuery(ContactQuery query)
        {
            if (query is null)
            {
                throw new ArgumentNullException(nameof(query));
            }

            if (query.EndDate <= query.StartDate)
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "The end date " + IsoDate(query.EndDate) + " is not after the start date " + IsoDate(query.StartDate) + ".",
                    "Pass an end date later than the start date.");
            }

            var d = new Dictionary<string, string?>
            {
                ["startDate"] = IsoDate(query.StartDate),
                ["endDate"] = IsoDate(query.EndDate),
                ["mediaTypeId"] = Num(query.MediaTypeId),
                ["skillId"] = Num(query.SkillId),
                ["agentId"] = Num(query.AgentId),
                ["teamId"] = Num(query.TeamId),
                ["isLogged"] = query.IsLogged is { } b ? (b ? "true" : "false") : null,
                ["orderBy"] = query.OrderBy,
                ["fields"] = query.Fields,
            };
            return d;
        }

        /// <summary>ISO 8601 with milliseconds: <c>2026-11-21T10:00:00.000Z</c> for offset zero, else <c>2026-11-21T11:00:00.000+01:00</c>.</summary>
        /// <param name="value">The time.</param>
        public static string IsoDate(DateTimeOffset value) =>
            value.Offset == TimeSpan.Zero
                ? UtcText.Milliseconds(value)
                : value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

        private static string? Num(int? v) => v?.ToString(CultureInfo.InvariantCulture);
    }
}
