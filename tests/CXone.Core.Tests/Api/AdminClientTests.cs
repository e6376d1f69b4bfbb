using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Api;

/// <summary>Agents, skills, teams and skill assignments against the emulator: paging, filters, batched writes.</summary>
public sealed class AdminClientTests
{
    private const string AgentSkillsPost = "POST /inContactAPI/services/{version}/agents/{agentId}/skills";

    private static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static (AgentsClient Agents, SkillsClient Skills, TeamsClient Teams, AgentSkillsClient Assign) Clients(RequestsWorld w)
    {
        var teams = new TeamsClient(w.Api);
        return (new AgentsClient(w.Api, teams), new SkillsClient(w.Api), teams, new AgentSkillsClient(w.Api));
    }

    [Fact]
    public async Task Agents_page_with_skip_and_top_and_filter_on_the_server()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Clients(w);
        long? total = null;

        var all = await ListAsync(c.Agents.GetAgentsAsync(null, new PagingOptions { PageSize = 20, OnTotalCount = t => total = t }, null, CancellationToken.None));
        var inactive = await ListAsync(c.Agents.GetAgentsAsync(new AgentQuery { IsActive = false }, null, null, CancellationToken.None));
        var window = await ListAsync(c.Agents.GetAgentsAsync(null, new PagingOptions { Skip = 3, First = 7 }, null, CancellationToken.None));

        Assert.Equal(w.Emu.Data.Agents.Select(a => (long)a.AgentId), all.Select(a => a.AgentId));
        Assert.Equal(50, total);
        Assert.Equal(w.Emu.Data.Agents.Where(a => !a.IsActive).Select(a => (long)a.AgentId), inactive.Select(a => a.AgentId));
        Assert.All(inactive, a => Assert.False(a.IsActive));
        Assert.Equal(w.Emu.Data.Agents.Skip(3).Take(7).Select(a => (long)a.AgentId), window.Select(a => a.AgentId));
        var pages = w.ApiWire.Requests.Where(r => r.Uri.AbsolutePath.EndsWith("/v23.0/agents", StringComparison.Ordinal)).Select(r => r.Uri.Query).ToList();
        Assert.Equal(5, pages.Count); // 3 pages of 20 for 50 agents, one for the filter, one for the window
        Assert.Contains("isActive=false", pages[3]);
        Assert.Contains("skip=3&top=7", pages[4]);
    }

    [Fact]
    public async Task Skills_and_teams_filter_and_team_members_come_from_the_team_route()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Clients(w);

        var chat = await ListAsync(c.Skills.GetSkillsAsync(new SkillQuery { MediaTypeId = 3 }, null, null, CancellationToken.None));
        var teams = await ListAsync(c.Teams.GetTeamsAsync(true, null, null, CancellationToken.None));
        var members = await ListAsync(c.Agents.GetAgentsAsync(new AgentQuery { TeamId = 1001 }, null, null, CancellationToken.None));
        var one = await c.Skills.GetSkillAsync(2003, null, CancellationToken.None);
        var team = await c.Teams.GetTeamAsync(1002, null, CancellationToken.None);

        Assert.Equal(new long[] { 2005, 2010 }, chat.Select(s => s.SkillId));
        Assert.Equal(w.Emu.Data.Teams.Where(t => t.IsActive).Select(t => (long)t.TeamId), teams.Select(t => t.TeamId));
        Assert.Equal(w.Emu.Data.Agents.Where(a => a.TeamId == 1001).Select(a => (long)a.AgentId), members.Select(a => a.AgentId));
        Assert.Equal("Skill 3", one.SkillName);
        Assert.Equal("Team 2", team.TeamName);
        Assert.Equal(1, w.Emu.GetStats().Requests("GET /inContactAPI/services/{version}/teams/{teamId}/agents", 200));
        var missing = await Assert.ThrowsAsync<CXoneException>(() => c.Teams.GetTeamAsync(999, null, CancellationToken.None));
        Assert.Equal(CXoneErrorKind.NotFound, missing.Kind);
    }

    [Fact]
    public async Task Team_members_are_filtered_before_skip_and_first_and_the_total_counts_the_matching_ones()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Clients(w);
        long? total = null;
        var query = new AgentQuery { TeamId = 1005, IsActive = false };

        var window = await ListAsync(c.Agents.GetAgentsAsync(query, new PagingOptions { Skip = 1, First = 2, OnTotalCount = t => total = t }, null, CancellationToken.None));

        var inactiveMembers = w.Emu.Data.Agents.Where(a => a.TeamId == 1005 && !a.IsActive).Select(a => (long)a.AgentId).ToList();
        Assert.True(inactiveMembers.Count >= 3);
        Assert.Equal(inactiveMembers.Skip(1).Take(2), window.Select(a => a.AgentId));
        Assert.Equal(inactiveMembers.Count, total);
        Assert.Equal(1, w.Emu.GetStats().Requests("GET /inContactAPI/services/{version}/teams/{teamId}/agents", 200));
    }

    [Fact]
    public async Task Two_hundred_pairs_over_fifty_agents_are_fifty_requests_and_two_hundred_assignments()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Clients(w);
        var before = w.Emu.Assignments.Count;
        var skills = w.Emu.Data.Skills;
        var changes = w.Emu.Data.Agents.SelectMany((a, i) => new[] { 1, 2, 4, 5 }.Select(k => new AgentSkillChange { AgentId = a.AgentId, SkillId = skills[(i + k) % skills.Count].SkillId, Proficiency = 3 })).ToList();

        var results = await ListAsync(c.Assign.ApplyAsync(AgentSkillOperation.Add, changes, null, CancellationToken.None));

        Assert.Equal(200, results.Count);
        Assert.All(results, r => Assert.True(r.Success));
        var stats = w.Emu.GetStats();
        Assert.Equal(50, stats.Requests(AgentSkillsPost, 200));
        Assert.Equal(200, stats.AgentSkillWrites);
        Assert.Equal(before + 200, w.Emu.Assignments.Count);
        Assert.Equal(3, w.Emu.Assignments.Find((int)changes[0].AgentId, (int)changes[0].SkillId)!.Proficiency);
    }

    [Fact]
    public async Task One_agent_with_250_skills_is_split_at_the_batch_limit()
    {
        await using var w = await RequestsWorld.StartAsync(e => e.SkillCount = 260);
        var c = Clients(w);
        var agent = w.Emu.Data.Agents[0].AgentId;
        var held = w.Emu.Assignments.OfAgent(agent).Select(a => a.SkillId).ToHashSet();
        var changes = w.Emu.Data.Skills.Where(s => !held.Contains(s.SkillId)).Take(250).Select(s => new AgentSkillChange { AgentId = agent, SkillId = s.SkillId }).ToList();

        var results = await ListAsync(c.Assign.ApplyAsync(AgentSkillOperation.Add, changes, null, CancellationToken.None));

        Assert.Equal(250, results.Count(r => r.Success));
        Assert.Equal(3, w.Emu.GetStats().Requests(AgentSkillsPost)); // 100 + 100 + 50 (AgentSkillsClient.MaxBatchSize)
        Assert.Equal(252, w.Emu.Assignments.OfAgent(agent).Count);
    }

    [Fact]
    public async Task One_bad_pair_is_one_error_and_the_rest_are_applied()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Clients(w);
        var agent = w.Emu.Data.Agents[0].AgentId; // holds skills 2001 and 2004
        var changes = new[]
        {
            new AgentSkillChange { AgentId = agent, SkillId = 2002 },
            new AgentSkillChange { AgentId = agent, SkillId = 9999 },
            new AgentSkillChange { AgentId = agent, SkillId = 2003, Proficiency = 21 },
            new AgentSkillChange { AgentId = 1, SkillId = 2002 },
            new AgentSkillChange { AgentId = w.Emu.Data.Agents[1].AgentId, SkillId = 2001 },
        };

        var results = await ListAsync(c.Assign.ApplyAsync(AgentSkillOperation.Add, changes, null, CancellationToken.None));

        Assert.Equal(5, results.Count);
        var refused = Assert.Single(results, r => r.SkillId == 9999);
        Assert.Equal(CXoneErrorKind.AgentSkillFailed, refused.Error!.Kind);
        Assert.Contains("Skill not found", refused.Error.Message);
        Assert.Equal(CXoneErrorKind.InvalidArgument, results.Single(r => r.Proficiency == 21).Error!.Kind);
        Assert.Equal(CXoneErrorKind.NotFound, results.Single(r => r.AgentId == 1).Error!.Kind);
        Assert.Equal(2, results.Count(r => r.Success));
        Assert.NotNull(w.Emu.Assignments.Find((int)agent, 2002));
        Assert.Equal(2, w.Emu.GetStats().AgentSkillWrites);
        Assert.Equal(3, w.Emu.GetStats().Requests(AgentSkillsPost)); // the proficiency 21 pair is never sent
    }

    [Fact]
    public async Task Set_and_remove_change_what_the_reads_show_and_reset_restores_the_seed()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Clients(w);
        var agent = w.Emu.Data.Agents[0].AgentId;

        await ListAsync(c.Assign.ApplyAsync(AgentSkillOperation.Set, new[] { new AgentSkillChange { AgentId = agent, SkillId = 2001, Proficiency = 7, IsActive = false } }, null, CancellationToken.None));
        var mine = await ListAsync(c.Assign.GetByAgentAsync(agent, null, null, CancellationToken.None));
        var removed = await ListAsync(c.Assign.ApplyAsync(AgentSkillOperation.Remove, new[] { new AgentSkillChange { AgentId = agent, SkillId = 2004 } }, null, CancellationToken.None));
        var holders = await ListAsync(c.Assign.GetBySkillAsync(2004, null, null, CancellationToken.None));

        var changed = Assert.Single(mine, a => a.SkillId == 2001);
        Assert.Equal(7, changed.Proficiency);
        Assert.False(changed.IsActive);
        Assert.Equal(agent, changed.AgentId);
        Assert.True(Assert.Single(removed).Success);
        Assert.DoesNotContain(holders, h => h.AgentId == agent);
        Assert.Equal(1, w.Emu.GetStats().Requests("DELETE /inContactAPI/services/{version}/agents/{agentId}/skills", 200));
        w.Emu.Reset();
        Assert.Equal(0, w.Emu.GetStats().AgentSkillWrites);
        Assert.Equal(1, w.Emu.Assignments.Find((int)agent, 2001)!.Proficiency); // the seed: agent 0 holds 2001 at proficiency 1
    }

    [Fact]
    public async Task The_version_is_pinned_per_endpoint_and_can_be_overridden()
    {
        await using var w = await RequestsWorld.StartAsync();
        var c = Clients(w);

        await ListAsync(c.Skills.GetSkillsAsync(null, null, "21", CancellationToken.None));
        await c.Agents.GetAgentAsync(w.Emu.Data.Agents[0].AgentId, null, CancellationToken.None);
        var bad = await Assert.ThrowsAsync<CXoneException>(() => ListAsync(c.Teams.GetTeamsAsync(null, null, "latest", CancellationToken.None)));

        var paths = w.ApiWire.Requests.Select(r => r.Uri.AbsolutePath).ToList();
        Assert.Contains("/inContactAPI/services/v21.0/skills", paths);
        Assert.Contains(paths, p => p.StartsWith("/inContactAPI/services/v23.0/agents/", StringComparison.Ordinal));
        Assert.Equal(CXoneErrorKind.InvalidArgument, bad.Kind);
    }

    [Theory]
    [InlineData("{\"resultSet\":{\"errorCount\":1,\"skillResults\":[{\"skillId\":2,\"success\":false,\"error\":\"no\"},{\"skillId\":1,\"success\":true}]}}")]
    [InlineData("{\"SkillResults\":[{\"SKILLID\":2,\"Success\":false,\"Error\":\"no\"}]}")]
    [InlineData("[{\"success\":true},{\"success\":false,\"error\":\"no\"}]")]
    public void Per_item_answers_are_read_with_or_without_the_wrapper_and_in_any_case(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var response = new CXoneResponse(200, new Dictionary<string, IReadOnlyList<string>>(), body, doc.RootElement.Clone());
        var batch = new[] { new AgentSkillChange { AgentId = 5, SkillId = 1 }, new AgentSkillChange { AgentId = 5, SkillId = 2 } };

        var results = AgentSkillAnswers.Read(AgentSkillOperation.Add, batch, response);

        Assert.True(results[0].Success);
        Assert.Equal(CXoneErrorKind.AgentSkillFailed, results[1].Error!.Kind);
        Assert.Contains("no", results[1].Error!.Message);
    }

    [Fact]
    public void Team_members_are_read_at_the_top_or_inside_teams()
    {
        using var nested = JsonDocument.Parse("{\"teams\":[{\"teamId\":1,\"agents\":[{\"agentId\":7},{\"AgentId\":8}]}]}");
        using var flat = JsonDocument.Parse("{\"agents\":[{\"agentId\":7}]}");

        Assert.Equal(new long[] { 7, 8 }, AdminJson.TeamAgents(nested.RootElement).Select(e => CXoneAgent.FromJson(e).AgentId));
        Assert.Equal(new long[] { 7 }, AdminJson.TeamAgents(flat.RootElement).Select(e => CXoneAgent.FromJson(e).AgentId));
    }
}
