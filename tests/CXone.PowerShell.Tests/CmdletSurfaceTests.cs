using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace CXone.PowerShell.Tests;

/// <summary>The cmdlet surface as PowerShell will see it, read from the built assembly's metadata.</summary>
[Collection("module")]
public sealed class CmdletSurfaceTests
{
    private static readonly string[] ExpectedCmdlets =
    {
        "Add-CXoneAgentSkill", "Connect-CXone", "Disconnect-CXone", "Get-CXoneAgent", "Get-CXoneAgentSkill", "Get-CXoneContact",
        "Get-CXoneRecording", "Get-CXoneSession", "Get-CXoneSkill", "Get-CXoneTeam", "Get-CXoneToken", "Invoke-CXoneRequest",
        "Remove-CXoneAgentSkill", "Save-CXoneRecording", "Set-CXoneAgentSkill",
    };

    private readonly ModuleMetadata _m;

    public CmdletSurfaceTests(ModuleMetadata m) => _m = m;

    [Fact]
    public void The_module_exports_exactly_the_documented_cmdlets()
    {
        Assert.Equal(ExpectedCmdlets.OrderBy(n => n, StringComparer.Ordinal), _m.Cmdlets.Select(c => c.Name));
    }

    [Fact]
    public void Every_verb_is_an_approved_Verbs_constant()
    {
        var approved = new[] { "VerbsCommon", "VerbsCommunications", "VerbsData", "VerbsDiagnostic", "VerbsLifecycle", "VerbsOther", "VerbsSecurity" }
            .Select(n => _m.Sma.GetType("System.Management.Automation." + n, throwOnError: true)!)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Connect", approved);
        Assert.All(_m.Cmdlets, c => Assert.Contains(c.Verb, approved));
    }

    [Fact]
    public void Cmdlet_classes_are_sealed_named_Verb_Noun_Command_and_derive_from_the_base_class()
    {
        var baseType = _m.Module.GetType("CXone.PowerShell.Hosting.CXoneCmdlet", throwOnError: true)!;
        Assert.All(_m.Cmdlets, c =>
        {
            Assert.True(c.Type.IsSealed, c.Type.Name + " is not sealed");
            Assert.True(c.Type.IsPublic);
            Assert.Equal(c.Verb + c.Noun + "Command", c.Type.Name);
            Assert.Equal("CXone.PowerShell.Commands", c.Type.Namespace);
            Assert.True(c.Type.IsSubclassOf(baseType), c.Type.Name + " does not derive from CXoneCmdlet");
        });
    }

    [Fact]
    public void Every_cmdlet_declares_its_output_types_and_each_is_a_public_type()
    {
        Assert.All(_m.Cmdlets, c =>
        {
            Assert.NotEmpty(c.OutputTypes);
            Assert.All(c.OutputTypes, t => Assert.True(t.IsPublic || t.FullName == "System.Void", t.FullName));
        });
        Assert.Equal(new[] { "CXone.Core.CXoneSession" }, _m.Cmdlet("Connect-CXone").OutputTypes.Select(t => t.FullName));
        Assert.Equal(new[] { "CXone.Core.CXoneSession" }, _m.Cmdlet("Get-CXoneSession").OutputTypes.Select(t => t.FullName));
        Assert.Equal(
            new[] { "CXone.PowerShell.Models.CXonePlainTextToken", "CXone.PowerShell.Models.CXoneTokenInfo" },
            _m.Cmdlet("Get-CXoneToken").OutputTypes.Select(t => t.FullName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Cmdlets_that_change_state_support_ShouldProcess_and_readers_do_not()
    {
        var changing = new[] { "Disconnect-CXone", "Invoke-CXoneRequest", "Save-CXoneRecording", "Add-CXoneAgentSkill", "Set-CXoneAgentSkill", "Remove-CXoneAgentSkill" };
        Assert.All(_m.Cmdlets, c => Assert.Equal(changing.Contains(c.Name), c.SupportsShouldProcess));
    }

    [Fact]
    public void Paging_is_supported_where_results_are_paged()
    {
        var paged = new[] { "Get-CXoneContact", "Invoke-CXoneRequest", "Get-CXoneAgent", "Get-CXoneSkill", "Get-CXoneTeam" };
        Assert.All(_m.Cmdlets, c => Assert.Equal(paged.Contains(c.Name), c.SupportsPaging));
    }

    [Fact]
    public void Every_cmdlet_but_Connect_takes_an_optional_Session_from_the_base_class()
    {
        Assert.All(_m.Cmdlets.Where(c => c.Name != "Connect-CXone"), c =>
        {
            var session = Assert.Single(c.Parameter("Session"));
            Assert.False(session.Mandatory);
            Assert.Equal("__AllParameterSets", session.Set);
            Assert.Equal("CXone.Core.CXoneSession", session.Property.PropertyType.FullName);
            Assert.Equal("CXoneSessionCmdlet", session.Property.DeclaringType!.Name);
        });
        Assert.Empty(_m.Cmdlet("Connect-CXone").Parameter("Session"));
    }

    [Fact]
    public void Connect_CXone_has_one_parameter_set_per_login_and_no_parameters_means_the_environment()
    {
        var c = _m.Cmdlet("Connect-CXone");
        Assert.Equal("Environment", c.DefaultParameterSetName);
        Assert.Equal(
            new[] { "AccessKey", "AccessKeyCredential", "AccessToken", "ClientCredentials", "Interactive", "UserPassword" },
            c.ParameterSets);
        Assert.Empty(c.Mandatory("Environment"));
        Assert.Equal(new[] { "AccessKeyId", "AccessKeySecret" }, c.Mandatory("AccessKey"));
        Assert.Equal(new[] { "AccessKey", "Credential" }, c.Mandatory("AccessKeyCredential"));
        Assert.Equal(new[] { "Credential" }, c.Mandatory("UserPassword"));
        Assert.Equal(new[] { "ClientCredentialsGrant" }, c.Mandatory("ClientCredentials"));
        Assert.Equal(new[] { "Interactive" }, c.Mandatory("Interactive"));
        Assert.Equal(new[] { "AccessToken" }, c.Mandatory("AccessToken"));

        Assert.Equal("System.Security.SecureString", Type(c, "AccessKeySecret"));
        Assert.Equal("System.Security.SecureString", Type(c, "AccessToken"));
        Assert.Equal("System.Security.SecureString", Type(c, "ClientSecret"));
        Assert.Equal("System.Management.Automation.PSCredential", Type(c, "Credential"));
        Assert.Equal("System.Management.Automation.PSCredential", Type(c, "ClientCredential"));
        Assert.Equal("CXone.Core.CXoneEnvironment", Type(c, "Environment"));
        Assert.Equal("CXone.Core.Auth.ClientAuthenticationMethod", Type(c, "ClientAuthentication"));
        foreach (var common in new[] { "ClientId", "ClientSecret", "ClientCredential", "Environment", "Issuer", "ApiEndpoint", "ClientAuthentication", "TimeoutSec", "PassThru",
            "TokenEndpoint", "Area", "AuthEndpoint", "GenesysCloudRegion", "Scope", "Prompt", "RedirectUri", "ConnectionCheckPath" })
        {
            var row = Assert.Single(c.Parameter(common));
            Assert.Equal("__AllParameterSets", row.Set);
            Assert.False(row.Mandatory);
        }

        Assert.DoesNotContain(c.Parameters, p => p.Property.PropertyType.FullName == "System.String" && p.Name.Contains("Secret"));
    }

    [Fact]
    public void Get_CXoneToken_returns_plain_text_only_on_request()
    {
        var c = _m.Cmdlet("Get-CXoneToken");
        Assert.Equal(new[] { "AsPlainText", "ForceRefresh", "Session" }, c.Parameters.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("System.Security.SecureString", _m.Module.GetType("CXone.PowerShell.Models.CXoneTokenInfo")!.GetProperty("Token")!.PropertyType.FullName);
    }

    [Fact]
    public void Get_CXoneRecording_takes_contact_ids_from_the_pipeline_by_value_and_by_property_name_with_aliases()
    {
        var c = _m.Cmdlet("Get-CXoneRecording");
        Assert.Equal("ContactId", c.DefaultParameterSetName);
        Assert.Equal(new[] { "ContactId", "SegmentId" }, c.ParameterSets);
        Assert.Equal(new[] { "ContactId" }, c.Mandatory("ContactId"));
        Assert.Equal(new[] { "SegmentId" }, c.Mandatory("SegmentId"));
        var id = Assert.Single(c.Parameter("ContactId"));
        Assert.True(id.ValueFromPipeline);
        Assert.True(id.ValueFromPipelineByPropertyName);
        Assert.Equal(new[] { "MasterContactId", "AcdContactId" }, id.Aliases);
        // Numeric, so that a piped contact object binds by its ContactId property instead of its ToString().
        Assert.Equal("System.Int64[]", id.Property.PropertyType.FullName);
        var segment = Assert.Single(c.Parameter("SegmentId"));
        Assert.True(segment.ValueFromPipelineByPropertyName);
        Assert.False(segment.ValueFromPipeline);
        // No alias a recording or a contact carries: piping one must resolve to the ContactId set only.
        Assert.Empty(segment.Aliases);
        Assert.Equal(new[] { "CXone.Core.Recordings.CXoneRecording" }, c.OutputTypes.Select(t => t.FullName));
        // The recording type carries the property names that bind downstream.
        var recording = _m.Core.GetType("CXone.Core.Recordings.CXoneRecording", throwOnError: true)!;
        Assert.NotNull(recording.GetProperty("ContactId"));
        Assert.Null(recording.GetProperty("SegmentId"));
        Assert.NotNull(_m.Core.GetType("CXone.Core.Api.CXoneContact", throwOnError: true)!.GetProperty("ContactId"));
    }

    [Fact]
    public void Save_CXoneRecording_takes_recordings_by_value_or_contact_ids_by_property_name()
    {
        var c = _m.Cmdlet("Save-CXoneRecording");
        Assert.Equal("Recording", c.DefaultParameterSetName);
        Assert.Equal(new[] { "ContactId", "Recording" }, c.ParameterSets);
        Assert.Equal(new[] { "InputObject", "Path" }, c.Mandatory("Recording"));
        Assert.Equal(new[] { "ContactId", "Path" }, c.Mandatory("ContactId"));
        var input = Assert.Single(c.Parameter("InputObject"));
        Assert.True(input.ValueFromPipeline);
        Assert.Equal("CXone.Core.Recordings.CXoneRecording[]", input.Property.PropertyType.FullName);
        var id = Assert.Single(c.Parameter("ContactId"));
        Assert.True(id.ValueFromPipelineByPropertyName);
        Assert.False(id.ValueFromPipeline);
        Assert.Equal(new[] { "MasterContactId", "AcdContactId" }, id.Aliases);
        foreach (var name in new[] { "ThrottleLimit", "Force", "ManifestPath" })
        {
            Assert.False(Assert.Single(c.Parameter(name)).Mandatory);
        }

        Assert.Equal(new[] { "CXone.Core.Recordings.DownloadResult" }, c.OutputTypes.Select(t => t.FullName));
        var range = c.Type.GetProperty("ThrottleLimit")!.GetCustomAttributesData().Single(a => a.AttributeType.Name == "ValidateRangeAttribute");
        Assert.Equal(new object[] { 1, 32 }, range.ConstructorArguments.Select(a => a.Value));
    }

    [Fact]
    public void The_agent_skill_writers_take_pairs_by_property_name_and_Remove_confirms_by_default()
    {
        var impacts = new Dictionary<string, int> { ["Add-CXoneAgentSkill"] = 2, ["Set-CXoneAgentSkill"] = 2, ["Remove-CXoneAgentSkill"] = 3 }; // ConfirmImpact.Medium, High
        var own = new Dictionary<string, string[]>
        {
            ["Add-CXoneAgentSkill"] = new[] { "Inactive", "Proficiency" },
            ["Set-CXoneAgentSkill"] = new[] { "IsActive", "Proficiency" },
            ["Remove-CXoneAgentSkill"] = new[] { "Force" },
        };
        foreach (var (name, impact) in impacts)
        {
            var c = _m.Cmdlet(name);
            Assert.Equal(impact, Convert.ToInt32(ModuleMetadata.Named(c.Attribute, "ConfirmImpact"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(new[] { "AgentId", "SkillId" }, c.Mandatory("__AllParameterSets"));
            Assert.Equal(
                new[] { "AgentId", "ApiVersion", "PassThru", "Session", "SkillId" }.Concat(own[name]).OrderBy(n => n, StringComparer.Ordinal),
                c.Parameters.Select(p => p.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal("System.Int64", Type(c, "AgentId"));
            Assert.Equal("System.Int64[]", Type(c, "SkillId"));
            foreach (var bound in new[] { "AgentId", "SkillId", "Proficiency", "IsActive" }.Where(p => c.Parameter(p).Any()))
            {
                var row = Assert.Single(c.Parameter(bound));
                Assert.True(row.ValueFromPipelineByPropertyName, name + " -" + bound);
                Assert.False(row.ValueFromPipeline, name + " -" + bound);
            }

            Assert.Equal(new[] { "CXone.Core.Api.AgentSkillResult" }, c.OutputTypes.Select(t => t.FullName));
        }

        // Get-CXoneAgentSkill's objects carry the names that bind.
        var assignment = _m.Core.GetType("CXone.Core.Api.CXoneAgentSkill", throwOnError: true)!;
        Assert.All(new[] { "AgentId", "SkillId", "Proficiency", "IsActive" }, p => Assert.NotNull(assignment.GetProperty(p)));
    }

    [Fact]
    public void Invoke_CXoneRequest_takes_a_path_or_a_uri_and_the_documented_switches()
    {
        var c = _m.Cmdlet("Invoke-CXoneRequest");
        Assert.Equal("Path", c.DefaultParameterSetName);
        Assert.Equal(new[] { "Path", "Uri" }, c.ParameterSets);
        Assert.Equal(new[] { "Path" }, c.Mandatory("Path"));
        Assert.Equal(new[] { "Uri" }, c.Mandatory("Uri"));
        var expected = new[]
        {
            "All", "Body", "ContentType", "Headers", "Method", "OutFile", "Path", "Query", "Raw", "ResponseHeadersVariable",
            "Session", "SkipHttpErrorCheck", "StatusCodeVariable", "Uri",
        };
        Assert.Equal(expected, c.Parameters.Select(p => p.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal));
        Assert.Contains("System.Management.Automation.PSObject", c.OutputTypes.Select(t => t.FullName));
    }

    [Fact]
    public void Get_CXoneContact_needs_a_start_and_takes_an_optional_end_and_filters()
    {
        var c = _m.Cmdlet("Get-CXoneContact");
        Assert.Equal(new[] { "StartDate" }, c.Mandatory("__AllParameterSets"));
        Assert.False(Assert.Single(c.Parameter("EndDate")).Mandatory);
        Assert.Equal("System.DateTimeOffset", Type(c, "StartDate"));
        foreach (var filter in new[] { "MediaTypeId", "SkillId", "AgentId", "TeamId", "IsLogged", "OrderBy", "Fields" })
        {
            Assert.False(Assert.Single(c.Parameter(filter)).Mandatory);
        }

        Assert.Equal(new[] { "CXone.Core.Api.CXoneContact" }, c.OutputTypes.Select(t => t.FullName));
    }

    [Fact]
    public void No_public_signature_of_the_cmdlet_assembly_exposes_Polly_or_System_Text_Json()
    {
        var offenders = new List<string>();
        foreach (var type in _m.Module.GetExportedTypes())
        {
            Check(type.BaseType, type.FullName + " base");
            foreach (var i in type.GetInterfaces())
            {
                Check(i, type.FullName + " implements");
            }

            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(all))
            {
                var visible = member switch
                {
                    MethodBase mb => mb.IsPublic || mb.IsFamily || mb.IsFamilyOrAssembly,
                    FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
                    PropertyInfo p => p.GetAccessors(true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
                    EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily),
                    _ => false,
                };
                if (!visible)
                {
                    continue;
                }

                var where = type.FullName + "." + member.Name;
                switch (member)
                {
                    case MethodInfo mi:
                        Check(mi.ReturnType, where);
                        mi.GetParameters().ToList().ForEach(p => Check(p.ParameterType, where));
                        break;
                    case ConstructorInfo ci:
                        ci.GetParameters().ToList().ForEach(p => Check(p.ParameterType, where));
                        break;
                    case PropertyInfo pi:
                        Check(pi.PropertyType, where);
                        break;
                    case FieldInfo fi:
                        Check(fi.FieldType, where);
                        break;
                    case EventInfo ei:
                        Check(ei.EventHandlerType, where);
                        break;
                }
            }
        }

        Assert.Empty(offenders);

        void Check(Type? t, string where)
        {
            if (t is null)
            {
                return;
            }

            if (t.HasElementType)
            {
                Check(t.GetElementType(), where);
                return;
            }

            if (t.IsGenericType)
            {
                t.GetGenericArguments().ToList().ForEach(a => Check(a, where));
            }

            var assembly = t.IsGenericParameter ? string.Empty : t.Assembly.GetName().Name ?? string.Empty;
            if (assembly.StartsWith("Polly", StringComparison.Ordinal) || assembly == "System.Text.Json")
            {
                offenders.Add(where + ": " + t.FullName);
            }
        }
    }

    private static string Type(CmdletInfo c, string parameter) => c.Parameter(parameter).First().Property.PropertyType.FullName!;
}
