using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CXone.Emulator;

/// <summary>
/// <c>GET/POST/PUT/DELETE /agents/{agentId}/skills</c> (docs/cxone-api.md section 7). Writes take
/// <c>{skills:[{skillId, proficiency, isActive}]}</c> and answer per item,
/// <c>{resultSet:{errorCount, skillResults:[{skillId, success, error}]}}</c>: an unknown skill, a proficiency outside
/// 1..20, a change or removal of a pair that is not assigned, or an add of one that is, fails that item only.
/// An unknown agent is a 404 for the whole request.
/// </summary>
public sealed partial class CXoneEmulator
{
    private async Task AgentSkills(HttpContext ctx)
    {
        var agentId = RouteId(ctx, "agentId");
        if (agentId == null || Data.Agents.All(a => a.AgentId != agentId))
        {
            await NotFound(ctx, "Agent").ConfigureAwait(false);
            return;
        }

        var method = ctx.Request.Method.ToUpperInvariant();
        if (method == "GET")
        {
            await Page(ctx, Assignments.OfAgent(agentId.Value), "agentSkillAssignments", a => AssignmentJson(a)).ConfigureAwait(false);
            return;
        }

        JsonArray? skills;
        try
        {
            var body = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted).ConfigureAwait(false);
            skills = body?["skills"] as JsonArray;
        }
        catch (JsonException)
        {
            skills = null;
        }

        if (skills == null || skills.Count == 0)
        {
            await BadRequest(ctx, "The body must be {\"skills\":[{\"skillId\":...}]} with at least one skill.").ConfigureAwait(false);
            return;
        }

        var results = new JsonArray();
        var errors = 0;
        foreach (var item in skills)
        {
            var (skillId, error) = ApplyOne(method, agentId.Value, item as JsonObject);
            var result = new JsonObject { ["skillId"] = skillId, ["success"] = error == null };
            if (error != null)
            {
                result["error"] = error;
                errors++;
            }

            results.Add(result);
        }

        await WriteJson(ctx, 200, new JsonObject { ["resultSet"] = new JsonObject { ["errorCount"] = errors, ["skillResults"] = results } }).ConfigureAwait(false);
    }

    /// <summary>Applies one item; gives its skill id and null, or the reason it was refused.</summary>
    private (int? SkillId, string? Error) ApplyOne(string method, int agentId, JsonObject? item)
    {
        var skillId = Number(item?["skillId"]);
        if (skillId == null || Data.Skills.All(s => s.SkillId != skillId))
        {
            return (skillId, "Skill not found.");
        }

        var proficiency = Number(item!["proficiency"]);
        if (proficiency is < 1 or > 20)
        {
            return (skillId, "Proficiency must be between 1 and 20.");
        }

        var active = item["isActive"] is JsonValue av && av.TryGetValue<bool>(out var b) ? b : (bool?)null;
        var existing = Assignments.Find(agentId, skillId.Value);
        switch (method)
        {
            case "POST":
                if (existing != null)
                {
                    return (skillId, "The skill is already assigned to the agent.");
                }

                Assignments.Put(new EmulatorAssignment(agentId, skillId.Value, proficiency ?? 1, active ?? true));
                return (skillId, null);
            case "PUT":
                if (existing == null)
                {
                    return (skillId, "The skill is not assigned to the agent.");
                }

                Assignments.Put(existing with { Proficiency = proficiency ?? existing.Proficiency, IsActive = active ?? existing.IsActive });
                return (skillId, null);
            default:
                return Assignments.Remove(agentId, skillId.Value) ? (skillId, null) : (skillId, "The skill is not assigned to the agent.");
        }
    }

    private static int? Number(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<int>(out var n))
        {
            return n;
        }

        return v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out n) ? n : null;
    }
}
