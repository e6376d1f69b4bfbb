using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CXone.Emulator;

/// <summary>Skills, teams and their reads (docs/cxone-api.md section 7): skip/top paging, filters, by id, team members.</summary>
public sealed partial class CXoneEmulator
{
    private void MapAdminRoutes(WebApplication app, string v)
    {
        Map(app, v + "/skills/{skillId}", RouteKind.Api, Skill, "GET");
        Map(app, v + "/skills/{skillId}/agents", RouteKind.Api, SkillAgents, "GET");
        Map(app, v + "/teams/{teamId}", RouteKind.Api, Team, "GET");
        Map(app, v + "/teams/{teamId}/agents", RouteKind.Api, TeamAgents, "GET");
        Map(app, v + "/agents/{agentId}/skills", RouteKind.Api, AgentSkills, "GET", "POST", "PUT", "DELETE");
    }

    private static JsonObject SkillJson(EmulatorSkill s) => new()
    {
        ["skillId"] = s.SkillId,
        ["skillName"] = s.SkillName,
        ["mediaTypeId"] = s.MediaTypeId,
        ["mediaTypeName"] = s.MediaTypeId == 4 ? "Phone Call" : "Chat",
        ["isActive"] = s.IsActive,
    };

    private static JsonObject TeamJson(EmulatorTeam t) => new() { ["teamId"] = t.TeamId, ["teamName"] = t.TeamName, ["isActive"] = t.IsActive };

    private static int? RouteId(HttpContext ctx, string name) =>
        int.TryParse(ctx.Request.RouteValues[name] as string, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static Task NotFound(HttpContext ctx, string what) =>
        WriteJson(ctx, 404, new JsonObject { ["error"] = "NotFound", ["error_description"] = what + " not found." });

    private static bool TryBool(HttpContext ctx, string name, out bool? value, out string? error)
    {
        value = null;
        error = null;
        if (Query(ctx, name) is not { } s)
        {
            return true;
        }

        if (bool.TryParse(s, out var b))
        {
            value = b;
            return true;
        }

        error = name + " must be true or false.";
        return false;
    }

    /// <summary>One page of <paramref name="all"/> as <c>{totalRecords, businessUnitId, _links, arrayName:[...]}</c>; 204 for an empty page.</summary>
    private async Task Page<T>(HttpContext ctx, IReadOnlyList<T> all, string arrayName, Func<T, JsonNode> json)
    {
        if (!TryPaging(ctx, out var skip, out var top, out var err))
        {
            await BadRequest(ctx, err!).ConfigureAwait(false);
            return;
        }

        var page = all.Skip(skip).Take(top).ToList();
        if (page.Count == 0)
        {
            ctx.Response.StatusCode = 204;
            return;
        }

        var body = new JsonObject { ["totalRecords"] = all.Count, ["businessUnitId"] = Options.BusinessUnitId };
        if (Options.IncludeLinks)
        {
            body["_links"] = new JsonObject
            {
                ["self"] = PageUrl(ctx, skip, top),
                ["next"] = skip + page.Count < all.Count ? PageUrl(ctx, skip + page.Count, top) : null,
            };
        }

        body[arrayName] = new JsonArray(page.Select(json).ToArray());
        await WriteJson(ctx, 200, body).ConfigureAwait(false);
    }

    private async Task Skills(HttpContext ctx)
    {
        string? err = null;
        if (!TryInt(ctx, "mediaTypeId", out var media, out err) || !TryBool(ctx, "isActive", out var active, out err))
        {
            await BadRequest(ctx, err!).ConfigureAwait(false);
            return;
        }

        var search = Query(ctx, "searchString");
        var all = Data.Skills.Where(s => (media == null || s.MediaTypeId == media) && (active == null || s.IsActive == active)
            && (search == null || s.SkillName.Contains(search, StringComparison.OrdinalIgnoreCase))).ToList();
        await Page(ctx, all, "skills", s => SkillJson(s)).ConfigureAwait(false);
    }

    private Task Skill(HttpContext ctx)
    {
        var id = RouteId(ctx, "skillId");
        var skill = Data.Skills.FirstOrDefault(s => s.SkillId == id);
        return skill == null ? NotFound(ctx, "Skill") : WriteJson(ctx, 200, new JsonObject { ["skills"] = new JsonArray(SkillJson(skill)) });
    }

    private async Task Teams(HttpContext ctx)
    {
        if (!TryBool(ctx, "isActive", out var active, out var err))
        {
            await BadRequest(ctx, err!).ConfigureAwait(false);
            return;
        }

        var all = Data.Teams.Where(t => active == null || t.IsActive == active).ToList();
        await Page(ctx, all, "teams", t => TeamJson(t)).ConfigureAwait(false);
    }

    private Task Team(HttpContext ctx)
    {
        var id = RouteId(ctx, "teamId");
        var team = Data.Teams.FirstOrDefault(t => t.TeamId == id);
        return team == null ? NotFound(ctx, "Team") : WriteJson(ctx, 200, new JsonObject { ["teams"] = new JsonArray(TeamJson(team)) });
    }

    /// <summary>The members, in the shape working code reads: <c>{teams:[{teamId, teamName, agents:[...]}]}</c>.</summary>
    private Task TeamAgents(HttpContext ctx)
    {
        var id = RouteId(ctx, "teamId");
        var team = Data.Teams.FirstOrDefault(t => t.TeamId == id);
        if (team == null)
        {
            return NotFound(ctx, "Team");
        }

        var members = TeamJson(team);
        members["agents"] = new JsonArray(Data.Agents.Where(a => a.TeamId == team.TeamId).Select(a => (JsonNode)AgentJson(a)).ToArray());
        return WriteJson(ctx, 200, new JsonObject { ["businessUnitId"] = Options.BusinessUnitId, ["teams"] = new JsonArray(members) });
    }

    private JsonObject AssignmentJson(EmulatorAssignment a)
    {
        var agent = Data.Agents.First(x => x.AgentId == a.AgentId);
        var skill = Data.Skills.First(x => x.SkillId == a.SkillId);
        return new JsonObject
        {
            ["agentId"] = a.AgentId,
            ["firstName"] = agent.FirstName,
            ["lastName"] = agent.LastName,
            ["skillId"] = a.SkillId,
            ["skillName"] = skill.SkillName,
            ["agentProficiencyValue"] = a.Proficiency,
            ["agentProficiencyName"] = a.Proficiency.ToString(CultureInfo.InvariantCulture),
            ["isActive"] = a.IsActive,
            ["isSkillActive"] = skill.IsActive,
            ["mediaTypeId"] = skill.MediaTypeId,
            ["teamId"] = agent.TeamId,
            ["teamName"] = agent.TeamName,
        };
    }

    private Task SkillAgents(HttpContext ctx)
    {
        var id = RouteId(ctx, "skillId");
        if (Data.Skills.All(s => s.SkillId != id))
        {
            return NotFound(ctx, "Skill");
        }

        return Page(ctx, Assignments.OfSkill(id!.Value), "agentSkillAssignments", a => AssignmentJson(a));
    }
}
