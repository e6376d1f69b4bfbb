using System.Globalization;
using System.Text.Json;

namespace CXone.Core.Api
{
    /// <summary>
    /// One agent (an item of <c>agents</c> from <c>GET /agents</c>, <c>GET /agents/{agentId}</c> or
    /// <c>GET /teams/{teamId}/agents</c>; docs/cxone-api.md section 7). Only fields the sources show; names are read
    /// without regard to case. Times are UTC.
    /// </summary>
    public sealed class CXoneAgent
    {
        /// <summary>The agent id (<c>agentId</c>).</summary>
        public long AgentId { get; set; }

        /// <summary>The login name (<c>userName</c>).</summary>
        public string? UserName { get; set; }

        /// <summary>First name.</summary>
        public string? FirstName { get; set; }

        /// <summary>Last name.</summary>
        public string? LastName { get; set; }

        /// <summary>E-mail address (<c>emailAddress</c>).</summary>
        public string? EmailAddress { get; set; }

        /// <summary>Whether the agent is active.</summary>
        public bool? IsActive { get; set; }

        /// <summary>The agent's team (<c>teamId</c>).</summary>
        public long? TeamId { get; set; }

        /// <summary>The team's name, when given.</summary>
        public string? TeamName { get; set; }

        /// <summary>Last change of the agent record (<c>lastUpdated</c>, UTC), when given.</summary>
        public System.DateTimeOffset? LastUpdated { get; set; }

        /// <summary>Builds an agent from one JSON item.</summary>
        /// <param name="item">An object of the <c>agents</c> array.</param>
        /// <returns>The agent (id 0 when the item has none).</returns>
        public static CXoneAgent FromJson(JsonElement item) => new CXoneAgent
        {
            AgentId = JsonRead.Int64(item, "agentId") ?? 0,
            UserName = JsonRead.String(item, "userName"),
            FirstName = JsonRead.String(item, "firstName"),
            LastName = JsonRead.String(item, "lastName"),
            EmailAddress = JsonRead.String(item, "emailAddress"),
            IsActive = JsonRead.Bool(item, "isActive"),
            TeamId = JsonRead.Int64(item, "teamId"),
            TeamName = JsonRead.String(item, "teamName"),
            LastUpdated = JsonRead.Date(item, "lastUpdated"),
        };

        /// <summary>For example <c>30000001 Ada Lovelace</c>.</summary>
        public override string ToString() => AgentId.ToString(CultureInfo.InvariantCulture) + " " + FirstName + " " + LastName;
    }

    /// <summary>One skill (an item of <c>skills</c> from <c>GET /skills</c>; docs/cxone-api.md section 7).</summary>
    public sealed class CXoneSkill
    {
        /// <summary>The skill id (<c>skillId</c>).</summary>
        public long SkillId { get; set; }

        /// <summary>The skill's name (<c>skillName</c>).</summary>
        public string? SkillName { get; set; }

        /// <summary>The media type id (<c>mediaTypeId</c>; 4 is phone call on CXone).</summary>
        public int? MediaTypeId { get; set; }

        /// <summary>The media type's name (<c>mediaTypeName</c>), when given.</summary>
        public string? MediaTypeName { get; set; }

        /// <summary>Whether the skill is active.</summary>
        public bool? IsActive { get; set; }

        /// <summary>Builds a skill from one JSON item.</summary>
        /// <param name="item">An object of the <c>skills</c> array.</param>
        /// <returns>The skill.</returns>
        public static CXoneSkill FromJson(JsonElement item) => new CXoneSkill
        {
            SkillId = JsonRead.Int64(item, "skillId") ?? 0,
            SkillName = JsonRead.String(item, "skillName"),
            MediaTypeId = (int?)JsonRead.Int64(item, "mediaTypeId"),
            MediaTypeName = JsonRead.String(item, "mediaTypeName"),
            IsActive = JsonRead.Bool(item, "isActive"),
        };

        /// <summary>For example <c>2001 Skill 1</c>.</summary>
        public override string ToString() => SkillId.ToString(CultureInfo.InvariantCulture) + " " + SkillName;
    }

    /// <summary>One team (an item of <c>teams</c> from <c>GET /teams</c>; docs/cxone-api.md section 7).</summary>
    public sealed class CXoneTeam
    {
        /// <summary>The team id (<c>teamId</c>).</summary>
        public long TeamId { get; set; }

        /// <summary>The team's name (<c>teamName</c>).</summary>
        public string? TeamName { get; set; }

        /// <summary>Whether the team is active.</summary>
        public bool? IsActive { get; set; }

        /// <summary>Builds a team from one JSON item.</summary>
        /// <param name="item">An object of the <c>teams</c> array.</param>
        /// <returns>The team.</returns>
        public static CXoneTeam FromJson(JsonElement item) => new CXoneTeam
        {
            TeamId = JsonRead.Int64(item, "teamId") ?? 0,
            TeamName = JsonRead.String(item, "teamName"),
            IsActive = JsonRead.Bool(item, "isActive"),
        };

        /// <summary>For example <c>1001 Team 1</c>.</summary>
        public override string ToString() => TeamId.ToString(CultureInfo.InvariantCulture) + " " + TeamName;
    }

    /// <summary>
    /// One skill assignment of an agent (an item of <c>agentSkillAssignments</c> from <c>GET /agents/{agentId}/skills</c>
    /// or <c>GET /skills/{skillId}/agents</c>; docs/cxone-api.md section 7).
    /// </summary>
    public sealed class CXoneAgentSkill
    {
        /// <summary>The agent (<c>agentId</c>; filled from the path when the item leaves it out).</summary>
        public long AgentId { get; set; }

        /// <summary>The agent's first name, when given.</summary>
        public string? FirstName { get; set; }

        /// <summary>The agent's last name, when given.</summary>
        public string? LastName { get; set; }

        /// <summary>The skill (<c>skillId</c>; filled from the path when the item leaves it out).</summary>
        public long SkillId { get; set; }

        /// <summary>The skill's name, when given.</summary>
        public string? SkillName { get; set; }

        /// <summary>The agent's proficiency on the skill, 1 (best) to 20 (<c>agentProficiencyValue</c>, or <c>proficiency</c>).</summary>
        public int? Proficiency { get; set; }

        /// <summary>The proficiency's name (<c>agentProficiencyName</c>), when given.</summary>
        public string? ProficiencyName { get; set; }

        /// <summary>Whether the assignment is active (<c>isActive</c>).</summary>
        public bool? IsActive { get; set; }

        /// <summary>Whether the skill itself is active (<c>isSkillActive</c>).</summary>
        public bool? IsSkillActive { get; set; }

        /// <summary>The skill's media type id, when given.</summary>
        public int? MediaTypeId { get; set; }

        /// <summary>The agent's team, when given.</summary>
        public long? TeamId { get; set; }

        /// <summary>The team's name, when given.</summary>
        public string? TeamName { get; set; }

        /// <summary>Builds an assignment from one JSON item; <paramref name="agentId"/>/<paramref name="skillId"/> fill what the item leaves out.</summary>
        /// <param name="item">An object of <c>agentSkillAssignments</c>.</param>
        /// <param name="agentId">The agent of the path, or null.</param>
        /// <param name="skillId">The skill of the path, or null.</param>
        /// <returns>The assignment.</returns>
        public static CXoneAgentSkill FromJson(JsonElement item, long? agentId = null, long? skillId = null) => new CXoneAgentSkill
        {
            // One transcription names the agent of GET /agents/{agentId}/skills "agentID_alt" (docs/cxone-api.md section 7).
            AgentId = JsonRead.Int64(item, "agentId") ?? JsonRead.Int64(item, "agentID_alt") ?? agentId ?? 0,
            FirstName = JsonRead.String(item, "firstName"),
            LastName = JsonRead.String(item, "lastName"),
            SkillId = JsonRead.Int64(item, "skillId") ?? skillId ?? 0,
            SkillName = JsonRead.String(item, "skillName"),
            Proficiency = (int?)(JsonRead.Int64(item, "agentProficiencyValue") ?? JsonRead.Int64(item, "proficiency")),
            ProficiencyName = JsonRead.String(item, "agentProficiencyName"),
            IsActive = JsonRead.Bool(item, "isActive"),
            IsSkillActive = JsonRead.Bool(item, "isSkillActive"),
            MediaTypeId = (int?)JsonRead.Int64(item, "mediaTypeId"),
            TeamId = JsonRead.Int64(item, "teamId"),
            TeamName = JsonRead.String(item, "teamName"),
        };

        /// <summary>For example <c>Agent 30000001 skill 2001 (proficiency 5)</c>.</summary>
        public override string ToString() => "Agent " + AgentId.ToString(CultureInfo.InvariantCulture) + " skill " + SkillId.ToString(CultureInfo.InvariantCulture)
            + (Proficiency is { } p ? " (proficiency " + p.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty);
    }
}
