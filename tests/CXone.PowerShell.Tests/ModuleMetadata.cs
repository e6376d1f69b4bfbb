using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CXone.PowerShell.Tests;

/// <summary>
/// The built cmdlet assembly read with MetadataLoadContext (never loaded for execution), with
/// System.Management.Automation from the PowerShellStandard.Library package and the module's own dependencies
/// from the build output folder.
/// </summary>
public sealed class ModuleMetadata : IDisposable
{
    public ModuleMetadata()
    {
        ModuleOutput = Setting("ModuleOutput");
        RepoRoot = Setting("RepoRoot");
        var sma = Setting("SmaPath");
        Assert.True(File.Exists(Path.Combine(ModuleOutput, "CXone.PowerShell.dll")), "Build src/CXone.PowerShell first: " + ModuleOutput);
        Assert.True(File.Exists(sma), "PowerShellStandard.Library not restored: " + sma);

        var moduleFiles = Directory.GetFiles(ModuleOutput, "*.dll", SearchOption.AllDirectories);
        var moduleNames = new HashSet<string>(moduleFiles.Select(Path.GetFileNameWithoutExtension)!, StringComparer.OrdinalIgnoreCase);
        var runtimeFiles = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Where(f => !moduleNames.Contains(Path.GetFileNameWithoutExtension(f)));
        Context = new MetadataLoadContext(new PathAssemblyResolver(moduleFiles.Concat(runtimeFiles).Append(sma)));
        Module = Context.LoadFromAssemblyPath(Path.Combine(ModuleOutput, "CXone.PowerShell.dll"));
        Core = Context.LoadFromAssemblyName("CXone.Core");
        Sma = Context.LoadFromAssemblyName("System.Management.Automation");
        Cmdlets = Module.GetTypes()
            .Select(t => (Type: t, Attr: t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute")))
            .Where(x => x.Attr != null)
            .Select(x => new CmdletInfo(x.Type, (string)x.Attr!.ConstructorArguments[0].Value!, (string)x.Attr.ConstructorArguments[1].Value!, x.Attr))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    public string ModuleOutput { get; }

    public string RepoRoot { get; }

    public MetadataLoadContext Context { get; }

    public Assembly Module { get; }

    public Assembly Core { get; }

    public Assembly Sma { get; }

    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    public CmdletInfo Cmdlet(string name) => Cmdlets.Single(c => c.Name == name);

    public void Dispose() => Context.Dispose();

    public static string Setting(string key) =>
        typeof(ModuleMetadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Named argument of an attribute, or null.</summary>
    public static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();
}

public sealed record CmdletInfo(Type Type, string Verb, string Noun, CustomAttributeData Attribute)
{
    public string Name => Verb + "-" + Noun;

    public bool SupportsShouldProcess => ModuleMetadata.Named(Attribute, "SupportsShouldProcess") is true;

    public bool SupportsPaging => ModuleMetadata.Named(Attribute, "SupportsPaging") is true;

    public string? DefaultParameterSetName => ModuleMetadata.Named(Attribute, "DefaultParameterSetName") as string;

    /// <summary>Every [Parameter] attribute of every property (one row per attribute = per parameter set).</summary>
    public IReadOnlyList<ParameterRow> Parameters =>
        Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(p => p.GetCustomAttributesData()
                .Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute")
                .Select(a => new ParameterRow(p, a)))
            .ToList();

    public IEnumerable<ParameterRow> Parameter(string name) => Parameters.Where(p => p.Name == name);

    /// <summary>Parameter sets named anywhere ("__AllParameterSets" excluded).</summary>
    public IReadOnlyList<string> ParameterSets =>
        Parameters.Select(p => p.Set).Where(s => s != "__AllParameterSets").Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();

    /// <summary>The mandatory parameters of <paramref name="set"/> (including those mandatory in all sets).</summary>
    public IReadOnlyList<string> Mandatory(string set) =>
        Parameters.Where(p => p.Mandatory && (p.Set == set || p.Set == "__AllParameterSets")).Select(p => p.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();

    public IReadOnlyList<Type> OutputTypes =>
        Type.GetCustomAttributesData().Where(a => a.AttributeType.FullName == "System.Management.Automation.OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is System.Collections.ObjectModel.ReadOnlyCollection<CustomAttributeTypedArgument> list ? list.Select(x => x.Value) : new[] { arg.Value })
            .OfType<Type>()
            .ToList();
}

public sealed record ParameterRow(PropertyInfo Property, CustomAttributeData Attribute)
{
    public string Name => Property.Name;

    public string Set => ModuleMetadata.Named(Attribute, "ParameterSetName") as string ?? "__AllParameterSets";

    public bool Mandatory => ModuleMetadata.Named(Attribute, "Mandatory") is true;

    public bool ValueFromPipeline => ModuleMetadata.Named(Attribute, "ValueFromPipeline") is true;

    public bool ValueFromPipelineByPropertyName => ModuleMetadata.Named(Attribute, "ValueFromPipelineByPropertyName") is true;

    public IReadOnlyList<string> Aliases =>
        Property.GetCustomAttributesData().Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
            .SelectMany(a => (System.Collections.ObjectModel.ReadOnlyCollection<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!)
            .Select(v => (string)v.Value!)
            .ToList();
}

[CollectionDefinition("module")]
public sealed class ModuleCollection : ICollectionFixture<ModuleMetadata>
{
}
