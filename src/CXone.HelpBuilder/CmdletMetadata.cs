using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CXone.HelpBuilder;

/// <summary>One cmdlet as its compiled attributes describe it: name, parameters, sets, output types.</summary>
/// <param name="Verb">The verb of <c>[Cmdlet]</c>.</param>
/// <param name="Noun">The noun of <c>[Cmdlet]</c>.</param>
/// <param name="Parameters">Every parameter, in declaration order (one entry per property).</param>
/// <param name="ParameterSets">Named parameter sets (empty when the cmdlet has only the implicit one).</param>
/// <param name="OutputTypes">Full names of the <c>[OutputType]</c> types.</param>
/// <param name="SupportsShouldProcess">Whether <c>-WhatIf</c> and <c>-Confirm</c> exist.</param>
/// <param name="SupportsPaging">Whether <c>-First</c>, <c>-Skip</c> and <c>-IncludeTotalCount</c> exist.</param>
/// <param name="DefaultParameterSet">The <c>DefaultParameterSetName</c> of <c>[Cmdlet]</c>, or null.</param>
public sealed record CmdletMetadata(
    string Verb,
    string Noun,
    IReadOnlyList<ParameterMetadata> Parameters,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<string> OutputTypes,
    bool SupportsShouldProcess,
    bool SupportsPaging,
    string? DefaultParameterSet)
{
    /// <summary><c>Verb-Noun</c>.</summary>
    public string Name => Verb + "-" + Noun;
}

/// <summary>One parameter (a property with one or more <c>[Parameter]</c> attributes).</summary>
/// <param name="Name">The property name.</param>
/// <param name="TypeName">Short type name as help shows it (<c>Int32[]</c>, <c>SwitchParameter</c>; nullable unwrapped).</param>
/// <param name="FullTypeName">Full type name, for the Inputs section.</param>
/// <param name="Sets">One entry per <c>[Parameter]</c> attribute.</param>
/// <param name="Aliases">From <c>[Alias]</c>.</param>
/// <param name="AcceptedValues">From <c>[ValidateSet]</c> (empty when none).</param>
/// <param name="Range">From <c>[ValidateRange]</c>, for example "1 to 32" (null when none).</param>
public sealed record ParameterMetadata(
    string Name,
    string TypeName,
    string FullTypeName,
    IReadOnlyList<ParameterSetEntry> Sets,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    string? Range)
{
    /// <summary>Whether the parameter is a switch.</summary>
    public bool IsSwitch => TypeName == "SwitchParameter";

    /// <summary>Whether any set takes the parameter from the pipeline by value.</summary>
    public bool ByValue => Sets.Any(s => s.ValueFromPipeline);

    /// <summary>Whether any set takes the parameter from the pipeline by property name.</summary>
    public bool ByPropertyName => Sets.Any(s => s.ValueFromPipelineByPropertyName);
}

/// <summary>What one <c>[Parameter]</c> attribute says.</summary>
/// <param name="Set">The set name, <c>__AllParameterSets</c> when none.</param>
/// <param name="Mandatory">Whether the parameter is required in that set.</param>
/// <param name="Position">Position, or null when named.</param>
/// <param name="ValueFromPipeline">ByValue.</param>
/// <param name="ValueFromPipelineByPropertyName">ByPropertyName.</param>
public sealed record ParameterSetEntry(string Set, bool Mandatory, int? Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName)
{
    /// <summary>The name PowerShell gives the implicit set.</summary>
    public const string AllSets = "__AllParameterSets";
}

/// <summary>
/// Reads the cmdlets of a built assembly with MetadataLoadContext: the assembly is never loaded for execution, so
/// a netstandard2.0 cmdlet dll compiled against PowerShell Standard can be read from a net10.0 build step.
/// </summary>
public static class CmdletMetadataReader
{
    private const string Sma = "System.Management.Automation.";

    /// <summary>Reads every <c>[Cmdlet]</c> type of <paramref name="modulePath"/>, ordered by name.</summary>
    /// <param name="modulePath">The cmdlet dll; its folder (and subfolders) hold its dependencies.</param>
    /// <param name="smaPath">System.Management.Automation.dll to resolve the attribute types against.</param>
    /// <exception cref="FileNotFoundException">When either file is missing.</exception>
    public static IReadOnlyList<CmdletMetadata> Read(string modulePath, string smaPath)
    {
        if (!File.Exists(modulePath)) throw new FileNotFoundException("The cmdlet assembly is not built.", modulePath);
        if (!File.Exists(smaPath)) throw new FileNotFoundException("System.Management.Automation.dll not found.", smaPath);
        var moduleFiles = Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(modulePath))!, "*.dll", SearchOption.AllDirectories);
        var own = new HashSet<string>(moduleFiles.Select(f => Path.GetFileNameWithoutExtension(f)), StringComparer.OrdinalIgnoreCase);
        var runtime = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Where(f => !own.Contains(Path.GetFileNameWithoutExtension(f)));
        using var context = new MetadataLoadContext(new PathAssemblyResolver(moduleFiles.Concat(runtime).Append(smaPath)));
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(modulePath));
        return assembly.GetTypes()
            .Select(t => (Type: t, Attr: Attribute(t.GetCustomAttributesData(), "CmdletAttribute")))
            .Where(x => x.Attr != null && !x.Type.IsAbstract)
            .Select(x => ReadCmdlet(x.Type, x.Attr!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static CmdletMetadata ReadCmdlet(Type type, CustomAttributeData cmdlet)
    {
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ReadParameter)
            .OfType<ParameterMetadata>()
            .ToList();
        var sets = parameters.SelectMany(p => p.Sets).Select(s => s.Set).Where(s => s != ParameterSetEntry.AllSets)
            .Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        var outputs = type.GetCustomAttributesData().Where(a => a.AttributeType.FullName == Sma + "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is ReadOnlyCollection<CustomAttributeTypedArgument> list ? list.Select(x => x.Value) : new[] { arg.Value })
            .Select(v => v is Type t ? t.FullName : v as string)
            .OfType<string>()
            .ToList();
        return new CmdletMetadata(
            (string)cmdlet.ConstructorArguments[0].Value!,
            (string)cmdlet.ConstructorArguments[1].Value!,
            parameters,
            sets,
            outputs,
            Named(cmdlet, "SupportsShouldProcess") is true,
            Named(cmdlet, "SupportsPaging") is true,
            Named(cmdlet, "DefaultParameterSetName") as string);
    }

    private static ParameterMetadata? ReadParameter(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var sets = attributes.Where(a => a.AttributeType.FullName == Sma + "ParameterAttribute")
            .Select(a => new ParameterSetEntry(
                Named(a, "ParameterSetName") as string ?? ParameterSetEntry.AllSets,
                Named(a, "Mandatory") is true,
                Named(a, "Position") is int p && p >= 0 ? p : null,
                Named(a, "ValueFromPipeline") is true,
                Named(a, "ValueFromPipelineByPropertyName") is true))
            .ToList();
        if (sets.Count == 0) return null;
        var aliases = Strings(Attribute(attributes, "AliasAttribute"));
        var accepted = Strings(Attribute(attributes, "ValidateSetAttribute"));
        var range = Attribute(attributes, "ValidateRangeAttribute");
        var type = property.PropertyType;
        var shown = Nullable.GetUnderlyingType(type) ?? (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : type);
        return new ParameterMetadata(
            property.Name,
            ShortName(shown),
            shown.FullName ?? shown.Name,
            sets,
            aliases,
            accepted,
            range is null ? null : range.ConstructorArguments[0].Value + " to " + range.ConstructorArguments[1].Value);
    }

    private static string ShortName(Type type) =>
        type.IsArray ? ShortName(type.GetElementType()!) + "[]" : type.IsGenericType ? type.Name.Split('`')[0] : type.Name;

    private static CustomAttributeData? Attribute(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.FirstOrDefault(a => a.AttributeType.FullName == Sma + name);

    private static IReadOnlyList<string> Strings(CustomAttributeData? attribute) =>
        attribute is null
            ? Array.Empty<string>()
            : attribute.ConstructorArguments
                .SelectMany(a => a.Value is ReadOnlyCollection<CustomAttributeTypedArgument> list ? list.Select(v => v.Value) : new[] { a.Value })
                .OfType<string>()
                .ToList();

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();
}
