using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace CXone.PowerShell.Tests;

/// <summary>CXone.Format.ps1xml: a table view for every object the cmdlets write, bound to real properties; tokens masked.</summary>
[Collection("module")]
public sealed class FormatFileTests
{
    private readonly ModuleMetadata _m;
    private readonly XDocument _format;

    public FormatFileTests(ModuleMetadata m)
    {
        _m = m;
        var path = Path.Combine(m.ModuleOutput, "CXone.Format.ps1xml");
        Assert.True(File.Exists(path), "the build copies the format file to the module folder");
        _format = XDocument.Load(path);
    }

    private Type Resolve(string name) =>
        _m.Module.GetType(name) ?? _m.Core.GetType(name) ?? throw new Xunit.Sdk.XunitException("no type " + name);

    [Fact]
    public void Every_view_selects_a_real_type_and_every_column_a_real_property()
    {
        var views = _format.Descendants("View").ToList();
        Assert.NotEmpty(views);
        foreach (var view in views)
        {
            var type = Resolve(view.Element("ViewSelectedBy")!.Element("TypeName")!.Value);
            var headers = view.Descendants("TableColumnHeader").Count();
            var items = view.Descendants("TableColumnItem").ToList();
            Assert.Equal(headers, items.Count);
            foreach (var property in items.Elements("PropertyName").Select(p => p.Value))
            {
                Assert.True(type.GetProperty(property) != null, type.FullName + " has no property " + property);
            }

            foreach (var property in view.Descendants("ListItem").Elements("PropertyName").Select(p => p.Value))
            {
                Assert.True(type.GetProperty(property) != null, type.FullName + " has no property " + property);
            }
        }
    }

    [Fact]
    public void Every_typed_object_a_cmdlet_writes_has_a_table_view()
    {
        var viewed = _format.Descendants("TypeName").Select(t => t.Value).ToHashSet();
        var written = _m.Cmdlets.SelectMany(c => c.OutputTypes)
            .Where(t => t.FullName!.StartsWith("CXone.", StringComparison.Ordinal))
            .Select(t => t.FullName!)
            .Distinct();
        Assert.All(written, t => Assert.Contains(t, viewed));
        foreach (var required in new[] { "CXone.Core.CXoneSession", "CXone.PowerShell.Models.CXoneTokenInfo", "CXone.Core.Api.CXoneContact", "CXone.Core.Recordings.CXoneRecording", "CXone.Core.Recordings.DownloadResult",
            "CXone.Core.Api.CXoneAgent", "CXone.Core.Api.CXoneSkill", "CXone.Core.Api.CXoneTeam", "CXone.Core.Api.CXoneAgentSkill" })
        {
            Assert.Contains(required, viewed);
        }
    }

    [Fact]
    public void The_session_has_a_list_view_of_what_a_person_reads()
    {
        var list = Assert.Single(_format.Descendants("View"), v => v.Element("ViewSelectedBy")!.Element("TypeName")!.Value == "CXone.Core.CXoneSession" && v.Element("ListControl") != null);
        var labels = list.Descendants("ListItem").Select(i => (i.Element("Label") ?? i.Element("PropertyName"))!.Value).ToList();
        Assert.Equal(
            new[] { "Tenant", "TenantId", "Area", "Cluster", "Issuer", "TokenEndpoint", "ApiEndpoint", "UserId", "AgentId", "BusinessUnitId", "CredentialKind", "Login", "CanRefresh", "TokenExpiresOn" },
            labels);
        foreach (var label in labels.Where(l => l != "Tenant"))
        {
            Assert.True(_m.Core.GetType("CXone.Core.CXoneSession", throwOnError: true)!.GetProperty(label) != null, "CXoneSession has no property " + label);
        }
    }

    [Fact]
    public void Token_views_never_bind_the_token_value()
    {
        var tokenViews = _format.Descendants("View")
            .Where(v => v.Descendants("TypeName").Any(t => t.Value.EndsWith("Token", StringComparison.Ordinal) || t.Value.EndsWith("TokenInfo", StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(2, tokenViews.Count);
        Assert.All(tokenViews, v =>
        {
            Assert.DoesNotContain(v.Descendants("PropertyName"), p => p.Value == "Token");
            Assert.Contains(v.Descendants("ScriptBlock"), s => s.Value.Trim() == "'***'");
        });
    }
}
