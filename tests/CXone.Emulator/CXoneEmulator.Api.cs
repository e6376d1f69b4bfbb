using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace CXone.Emulator;

public sealed partial class CXoneEmulator
{
    private static string Iso(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private Task ServerTime(HttpContext ctx) =>
        WriteJson(ctx, 200, new JsonObject { ["ServerTime"] = Iso(Options.TimeProvider.GetUtcNow()) });

    private static Task BadRequest(HttpContext ctx, string message) =>
        WriteJson(ctx, 400, new JsonObject { ["error"] = "InvalidParameter", ["error_description"] = message });

    private static bool TryInt(HttpContext ctx, string name, out int? value, out string? error)
    {
        value = null;
        error = null;
        var s = Query(ctx, name);
        if (s == null)
        {
            return true;
        }

        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            value = v;
            return true;
        }

        error = $"{name} must be an integer.";
        return false;
    }

    private static bool TryDate(HttpContext ctx, string name, out DateTimeOffset? value, out string? error)
    {
        value = null;
        error = null;
        var s = Query(ctx, name);
        if (s == null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) && !s.Contains(' ', StringComparison.Ordinal))
        {
            value = d;
            return true;
        }

        error = $"{name} must be an ISO 8601 date with an offset or Z (got '{s}').";
        return false;
    }

    private bool TryPaging(HttpContext ctx, out int skip, out int top, out string? error)
    {
        skip = 0;
        top = Options.MaxPageSize;
        if (!TryInt(ctx, "skip", out var s, out error) || !TryInt(ctx, "top", out var t, out error))
        {
            return false;
        }

        if (s is < 0 || t is < 0)
        {
            error = "skip and top must not be negative.";
            return false;
        }

        skip = s ?? 0;
        top = Math.Min(t is null or 0 ? Options.MaxPageSize : t.Value, Options.MaxPageSize);
        return true;
    }

    private static string PageUrl(HttpContext ctx, int skip, int top)
    {
        var q = new QueryBuilder();
        foreach (var (k, v) in ctx.Request.Query)
        {
            if (!k.Equals("skip", StringComparison.OrdinalIgnoreCase) && !k.Equals("top", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var one in v)
                {
                    q.Add(k, one ?? "");
                }
            }
        }

        q.Add("skip", skip.ToString(CultureInfo.InvariantCulture));
        q.Add("top", top.ToString(CultureInfo.InvariantCulture));
        return $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}{ctx.Request.Path}{q.ToQueryString()}";
    }

    private async Task CompletedContacts(HttpContext ctx)
    {
        string? err = null;
        if (!TryDate(ctx, "startDate", out var start, out err) || !TryDate(ctx, "endDate", out var end, out err)
            || !TryInt(ctx, "mediaTypeId", out var media, out err) || !TryInt(ctx, "skillId", out var skill, out err)
            || !TryInt(ctx, "agentId", out var agent, out err) || !TryInt(ctx, "teamId", out var team, out err)
            || !TryPaging(ctx, out var skip, out var top, out err))
        {
            await BadRequest(ctx, err!).ConfigureAwait(false);
            return;
        }

        bool? isLogged = null;
        if (Query(ctx, "isLogged") is { } il)
        {
            if (!bool.TryParse(il, out var b))
            {
                await BadRequest(ctx, "isLogged must be true or false.").ConfigureAwait(false);
                return;
            }

            isLogged = b;
        }

        if (start != null && end != null && end < start)
        {
            await BadRequest(ctx, "endDate must not be before startDate.").ConfigureAwait(false);
            return;
        }

        IEnumerable<EmulatorContact> rows = Data.Contacts.Where(c =>
            (start == null || c.ContactStartDate >= start) && (end == null || c.ContactStartDate < end)
            && (media == null || c.MediaTypeId == media) && (skill == null || c.SkillId == skill)
            && (agent == null || c.AgentId == agent) && (team == null || c.TeamId == team)
            && (isLogged == null || c.IsRecorded == isLogged));
        var orderBy = Query(ctx, "orderBy");
        if (orderBy != null && orderBy.EndsWith(" desc", StringComparison.OrdinalIgnoreCase))
        {
            rows = rows.Reverse();
        }

        var all = rows.ToList();
        var page = all.Skip(skip).Take(top).ToList();
        if (page.Count == 0)
        {
            ctx.Response.StatusCode = 204;
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(page.Count * 300 + 512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("totalRecords", all.Count);
            w.WriteNumber("businessUnitId", Options.BusinessUnitId);
            w.WriteString("lastPollTime", Iso(Options.TimeProvider.GetUtcNow()));
            WriteLinks(ctx, w, skip, top, page.Count, all.Count);
            w.WriteStartArray("completedContacts");
            foreach (var c in page)
            {
                var ag = Data.Agents.FirstOrDefault(a => a.AgentId == c.AgentId);
                var sk = Data.Skills.FirstOrDefault(s => s.SkillId == c.SkillId);
                w.WriteStartObject();
                w.WriteNumber("contactId", c.ContactId);
                w.WriteNumber("masterContactId", c.MasterContactId);
                w.WriteString("contactStartDate", Iso(c.ContactStartDate));
                w.WriteString("contactEndDate", Iso(c.ContactEndDate));
                w.WriteNumber("agentId", c.AgentId);
                w.WriteString("firstName", ag?.FirstName);
                w.WriteString("lastName", ag?.LastName);
                w.WriteNumber("skillId", c.SkillId);
                w.WriteString("skillName", sk?.SkillName);
                w.WriteNumber("teamId", c.TeamId);
                w.WriteNumber("mediaTypeId", c.MediaTypeId);
                w.WriteString("mediaTypeName", c.MediaTypeId switch { 4 => "Phone Call", 3 => "Chat", _ => "Email" });
                w.WriteBoolean("isLogged", c.IsRecorded);
                w.WriteBoolean("isOutbound", c.ContactId % 7 == 0);
                w.WriteNumber("totalDurationSeconds", c.TotalDurationSeconds);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        await WriteBytes(ctx, 200, "application/json; charset=utf-8", buffer.WrittenSpan.ToArray()).ConfigureAwait(false);
    }

    private void WriteLinks(HttpContext ctx, Utf8JsonWriter w, int skip, int top, int count, int total)
    {
        if (!Options.IncludeLinks)
        {
            return;
        }

        w.WriteStartObject("_links");
        w.WriteString("self", PageUrl(ctx, skip, top));
        if (skip + count < total)
        {
            w.WriteString("next", PageUrl(ctx, skip + count, top));
        }
        else
        {
            w.WriteNull("next");
        }

        if (skip > 0)
        {
            w.WriteString("previous", PageUrl(ctx, Math.Max(0, skip - top), top));
        }
        else
        {
            w.WriteNull("previous");
        }

        w.WriteEndObject();
    }

    private static JsonObject AgentJson(EmulatorAgent a) => new()
    {
        ["agentId"] = a.AgentId,
        ["userName"] = a.UserName,
        ["firstName"] = a.FirstName,
        ["lastName"] = a.LastName,
        ["emailAddress"] = a.EmailAddress,
        ["isActive"] = a.IsActive,
        ["teamId"] = a.TeamId,
        ["teamName"] = a.TeamName,
        ["lastUpdated"] = Iso(a.LastUpdated),
    };

    private async Task Agents(HttpContext ctx)
    {
        string? err = null;
        if (!TryPaging(ctx, out var skip, out var top, out err) || !TryDate(ctx, "updatedSince", out var since, out err))
        {
            await BadRequest(ctx, err!).ConfigureAwait(false);
            return;
        }

        bool? active = null;
        if (Query(ctx, "isActive") is { } ia)
        {
            if (!bool.TryParse(ia, out var b))
            {
                await BadRequest(ctx, "isActive must be true or false.").ConfigureAwait(false);
                return;
            }

            active = b;
        }

        var search = Query(ctx, "searchString");
        var all = Data.Agents.Where(a => (active == null || a.IsActive == active) && (since == null || a.LastUpdated >= since)
            && (search == null || a.FirstName.Contains(search, StringComparison.OrdinalIgnoreCase) || a.LastName.Contains(search, StringComparison.OrdinalIgnoreCase) || a.UserName.Contains(search, StringComparison.OrdinalIgnoreCase))).ToList();
        var page = all.Skip(skip).Take(top).ToList();
        if (page.Count == 0)
        {
            ctx.Response.StatusCode = 204;
            return;
        }

        await WriteJson(ctx, 200, new JsonObject
        {
            ["totalRecords"] = all.Count,
            ["businessUnitId"] = Options.BusinessUnitId,
            ["lastPollTime"] = Iso(Options.TimeProvider.GetUtcNow()),
            ["agents"] = new JsonArray(page.Select(a => (JsonNode)AgentJson(a)).ToArray()),
        }).ConfigureAwait(false);
    }

    private Task Agent(HttpContext ctx)
    {
        var id = ctx.Request.RouteValues["id"] as string;
        var agent = int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Data.Agents.FirstOrDefault(a => a.AgentId == n) : null;
        if (agent == null)
        {
            return WriteJson(ctx, 404, new JsonObject { ["error"] = "NotFound", ["error_description"] = "Agent not found." });
        }

        return WriteJson(ctx, 200, new JsonObject { ["businessUnitId"] = Options.BusinessUnitId, ["agents"] = new JsonArray(AgentJson(agent)) });
    }
}
