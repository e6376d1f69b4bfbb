using System;

namespace CXone.Core.Api
{
    /// <summary>Filters of <c>GET /agents</c> (docs/cxone-api.md section 7). Unset values are left out of the query.</summary>
    public sealed class AgentQuery
    {
        /// <summary>Only active (true) or inactive (false) agents (<c>isActive</c>).</summary>
        public bool? IsActive { get; set; }

        /// <summary>Text the API matches against names and user names (<c>searchString</c>).</summary>
        public string? SearchString { get; set; }

        /// <summary>Only agents changed at or after this time (<c>updatedSince</c>, ISO 8601, <c>Z</c> for UTC).</summary>
        public DateTimeOffset? UpdatedSince { get; set; }

        /// <summary>
        /// The members of this team instead (<c>GET /teams/{teamId}/agents</c>); the other filters are applied to the
        /// members here, as that call takes none of them.
        /// </summary>
        public long? TeamId { get; set; }
    }

    /// <summary>Filters of <c>GET /skills</c> (docs/cxone-api.md section 7). Unset values are left out of the query.</summary>
    public sealed class SkillQuery
    {
        /// <summary>Only skills of this media type (<c>mediaTypeId</c>; 4 is phone call).</summary>
        public int? MediaTypeId { get; set; }

        /// <summary>Only active (true) or inactive (false) skills (<c>isActive</c>).</summary>
        public bool? IsActive { get; set; }

        /// <summary>Text the API matches against skill names (<c>searchString</c>).</summary>
        public string? SearchString { get; set; }
    }
}
