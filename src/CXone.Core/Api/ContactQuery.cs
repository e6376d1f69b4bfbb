using System;

namespace CXone.Core.Api
{
    /// <summary>
    /// Filters of <c>GET .../contacts/completed</c> (docs/cxone-api.md section 3). Times are sent as ISO 8601:
    /// <c>Z</c> for UTC values, otherwise with their offset.
    /// </summary>
    public sealed class ContactQuery
    {
        /// <summary>Start of the range (inclusive), UTC or with an offset.</summary>
        public DateTimeOffset StartDate { get; set; }

        /// <summary>End of the range (exclusive), UTC or with an offset; must be after <see cref="StartDate"/>.</summary>
        public DateTimeOffset EndDate { get; set; }

        /// <summary>Only this media type (<c>mediaTypeId</c>; 4 is phone call on CXone).</summary>
        public int? MediaTypeId { get; set; }

        /// <summary>Only this skill (<c>skillId</c>).</summary>
        public int? SkillId { get; set; }

        /// <summary>Only this agent (<c>agentId</c>).</summary>
        public int? AgentId { get; set; }

        /// <summary>Only this team (<c>teamId</c>).</summary>
        public int? TeamId { get; set; }

        /// <summary>Only logged (recorded) contacts, or only unlogged (<c>isLogged</c>).</summary>
        public bool? IsLogged { get; set; }

        /// <summary>Sort order, for example <c>contactStartDate desc</c> (<c>orderBy</c>).</summary>
        public string? OrderBy { get; set; }

        /// <summary>Comma-separated field list (<c>fields</c>).</summary>
        public string? Fields { get; set; }
    }
}
