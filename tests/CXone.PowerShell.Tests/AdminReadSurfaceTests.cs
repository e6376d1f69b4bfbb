using System;
using System.Linq;

namespace CXone.PowerShell.Tests;

/// <summary>
/// The read cmdlets of agents, skills, teams and assignments as PowerShell binds them, read from the built assembly:
/// which parameter set a piped object lands in, and which parameters complete ids.
/// </summary>
[Collection("module")]
public sealed class AdminReadSurfaceTests
{
    private readonly ModuleMetadata _m;

    public AdminReadSurfaceTests(ModuleMetadata m) => _m = m;

    [Fact]
    public void Get_CXoneAgent_defaults_to_optional_ids_so_objects_with_AgentId_and_TeamId_look_up_their_agent()
    {
        var c = _m.Cmdlet("Get-CXoneAgent");
        // PowerShell binds piped objects to the default set first: the id set must be it, with the id optional.
        Assert.Equal("AgentId", c.DefaultParameterSetName);
        Assert.Equal(new[] { "AgentId", "List", "TeamId" }, c.ParameterSets);
        Assert.Empty(c.Mandatory("AgentId"));
        Assert.Empty(c.Mandatory("List"));
        Assert.Equal(new[] { "TeamId" }, c.Mandatory("TeamId"));
        var id = Assert.Single(c.Parameter("AgentId"));
        Assert.True(id.ValueFromPipeline && id.ValueFromPipelineByPropertyName);
        Assert.Equal("System.Int64[]", id.Property.PropertyType.FullName);
        var team = Assert.Single(c.Parameter("TeamId"));
        Assert.True(team.ValueFromPipelineByPropertyName);
        Assert.False(team.ValueFromPipeline);
        foreach (var filter in new[] { "IsActive", "SearchString", "UpdatedSince" })
        {
            Assert.Equal(new[] { "List", "TeamId" }, c.Parameter(filter).Select(p => p.Set).OrderBy(s => s, StringComparer.Ordinal));
        }

        Assert.Equal("__AllParameterSets", Assert.Single(c.Parameter("ApiVersion")).Set);
        Assert.Equal(new[] { "CXone.Core.Api.CXoneAgent" }, c.OutputTypes.Select(t => t.FullName));
    }

    [Theory]
    [InlineData("Get-CXoneSkill", "SkillId", "CXone.Core.Api.CXoneSkill")]
    [InlineData("Get-CXoneTeam", "TeamId", "CXone.Core.Api.CXoneTeam")]
    public void Skills_and_teams_list_by_default_and_take_ids_by_value_and_by_property_name(string name, string idParameter, string output)
    {
        var c = _m.Cmdlet(name);
        Assert.True(c.SupportsPaging);
        Assert.Equal("List", c.DefaultParameterSetName);
        Assert.Empty(c.Mandatory("List"));
        Assert.Equal(new[] { idParameter }, c.Mandatory(idParameter));
        var id = Assert.Single(c.Parameter(idParameter));
        Assert.True(id.ValueFromPipeline && id.ValueFromPipelineByPropertyName);
        Assert.Equal("System.Int64[]", id.Property.PropertyType.FullName);
        Assert.Equal(new[] { output }, c.OutputTypes.Select(t => t.FullName));
    }

    [Fact]
    public void Get_CXoneAgentSkill_reads_by_agent_by_default_or_by_skill_and_has_no_TeamId_an_agent_could_bind()
    {
        var c = _m.Cmdlet("Get-CXoneAgentSkill");
        Assert.False(c.SupportsPaging);
        Assert.Equal("AgentId", c.DefaultParameterSetName);
        Assert.Equal(new[] { "AgentId", "SkillId" }, c.ParameterSets);
        Assert.Equal(new[] { "AgentId" }, c.Mandatory("AgentId"));
        Assert.Equal(new[] { "SkillId" }, c.Mandatory("SkillId"));
        Assert.True(Assert.Single(c.Parameter("AgentId")).ValueFromPipelineByPropertyName);
        Assert.True(Assert.Single(c.Parameter("SkillId")).ValueFromPipelineByPropertyName);
        Assert.Empty(c.Parameter("TeamId"));
        Assert.Equal(new[] { "CXone.Core.Api.CXoneAgentSkill" }, c.OutputTypes.Select(t => t.FullName));
        // The properties that bind downstream exist on the types the other cmdlets write.
        Assert.NotNull(_m.Core.GetType("CXone.Core.Api.CXoneAgent", throwOnError: true)!.GetProperty("AgentId"));
        Assert.NotNull(_m.Core.GetType("CXone.Core.Api.CXoneSkill", throwOnError: true)!.GetProperty("SkillId"));
        Assert.Null(_m.Core.GetType("CXone.Core.Api.CXoneSkill", throwOnError: true)!.GetProperty("AgentId"));
    }

    [Theory]
    [InlineData("Get-CXoneAgentSkill", "SkillId", "SkillIdCompleter")]
    [InlineData("Get-CXoneSkill", "SkillId", "SkillIdCompleter")]
    [InlineData("Get-CXoneContact", "SkillId", "SkillIdCompleter")]
    [InlineData("Get-CXoneAgent", "TeamId", "TeamIdCompleter")]
    [InlineData("Get-CXoneTeam", "TeamId", "TeamIdCompleter")]
    [InlineData("Get-CXoneContact", "TeamId", "TeamIdCompleter")]
    public void Skill_and_team_ids_complete_with_the_public_completers(string cmdlet, string parameter, string completer)
    {
        var property = _m.Cmdlet(cmdlet).Parameter(parameter).First().Property;
        var attribute = Assert.Single(property.GetCustomAttributesData(), a => a.AttributeType.Name == "ArgumentCompleterAttribute");
        var type = Assert.IsAssignableFrom<Type>(attribute.ConstructorArguments.Single().Value);
        Assert.Equal("CXone.PowerShell.Completion." + completer, type.FullName);
        Assert.True(type.IsPublic && type.IsSealed);
    }
}
