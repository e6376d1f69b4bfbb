using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CXone.HelpBuilder;

/// <summary>
/// Writes MAML, the XML help format PowerShell reads for compiled cmdlets (<c>&lt;dll&gt;-Help.xml</c> in a
/// culture folder beside the dll). Syntax, parameter types, positions, pipeline input and accepted values come
/// from <see cref="CmdletMetadata"/>; every sentence comes from the <see cref="HelpPage"/>.
/// </summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>The whole help file for <paramref name="cmdlets"/>, each with its page (or null when it has none).</summary>
    public static XDocument Write(IEnumerable<(CmdletMetadata Cmdlet, HelpPage? Page)> cmdlets) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                cmdlets.Select(c => CommandElement(c.Cmdlet, c.Page))));

    private static XElement CommandElement(CmdletMetadata cmdlet, HelpPage? page)
    {
        var parameters = HelpParameters.All(cmdlet, page);
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun),
                Description(page is null ? Array.Empty<string>() : new[] { page.Synopsis })),
            Description(page?.Section("description") ?? Array.Empty<string>()),
            new XElement(Command + "syntax", SyntaxSets(cmdlet).Select(set => SyntaxItem(cmdlet, set, parameters))),
            new XElement(Command + "parameters", parameters.Select(p => Parameter(p, Merged(p)))),
            new XElement(Command + "inputTypes", (page?.Inputs ?? new List<TypedText>()).Select(t => Typed("inputType", t))),
            new XElement(Command + "returnValues", Outputs(cmdlet, page).Select(t => Typed("returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(page?.Section("notes") ?? Array.Empty<string>()))),
            new XElement(Command + "examples", (page?.Examples ?? new List<HelpExample>()).Select(Example)),
            new XElement(Command + "relatedLinks", (page?.RelatedLinks ?? new List<string>()).Select(Link)));
    }

    // The default set first, as Get-Command shows it.
    private static IReadOnlyList<string> SyntaxSets(CmdletMetadata cmdlet) =>
        cmdlet.ParameterSets.Count == 0
            ? new[] { ParameterSetEntry.AllSets }
            : cmdlet.ParameterSets.OrderBy(s => s == cmdlet.DefaultParameterSet ? 0 : 1).ToList();

    private static XElement SyntaxItem(CmdletMetadata cmdlet, string set, IReadOnlyList<HelpParameter> parameters)
    {
        var inSet = parameters
            .Select(p => (Parameter: p, Entry: p.Entries.FirstOrDefault(e => e.Set == set) ?? p.Entries.FirstOrDefault(e => e.Set == ParameterSetEntry.AllSets)))
            .Where(x => x.Entry != null)
            .OrderBy(x => x.Entry!.Position ?? int.MaxValue)
            .ThenBy(x => x.Entry!.Mandatory ? 0 : 1)
            .Select(x => Parameter(x.Parameter, x.Entry));
        return new XElement(Command + "syntaxItem", new XElement(Maml + "name", cmdlet.Name), inSet);
    }

    private static XElement Parameter(HelpParameter parameter, ParameterSetEntry? entry)
    {
        var element = new XElement(Command + "parameter",
            new XAttribute("required", entry?.Mandatory == true ? "true" : "false"),
            new XAttribute("variableLength", parameter.TypeName.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", parameter.PipelineInput),
            new XAttribute("position", entry?.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Text));
        if (parameter.AcceptedValues.Count > 0)
        {
            element.Add(new XElement(Command + "parameterValueGroup",
                parameter.AcceptedValues.Select(v => new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
        }

        if (!parameter.IsSwitch)
        {
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), parameter.TypeName));
        }

        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", parameter.TypeName), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", parameter.IsSwitch ? "False" : "None"));
        return element;
    }

    // The parameters section shows one row per parameter: required when every set requires it, its first position.
    private static ParameterSetEntry? Merged(HelpParameter p) =>
        p.Entries.Count == 0
            ? null
            : new ParameterSetEntry(ParameterSetEntry.AllSets, p.Entries.All(e => e.Mandatory), p.Entries.Select(e => e.Position).FirstOrDefault(x => x != null), false, false);

    private static IEnumerable<TypedText> Outputs(CmdletMetadata cmdlet, HelpPage? page)
    {
        var written = page?.Outputs ?? new List<TypedText>();
        var undocumented = cmdlet.OutputTypes.Where(t => !written.Any(w => string.Equals(w.TypeName, t, StringComparison.OrdinalIgnoreCase)));
        return written.Concat(undocumented.Select(t => new TypedText(t, Array.Empty<string>())));
    }

    private static XElement Typed(string kind, TypedText typed) =>
        new(Command + kind,
            new XElement(Dev + "type", new XElement(Maml + "name", typed.TypeName), new XElement(Maml + "uri")),
            Description(typed.Text));

    private static XElement Example(HelpExample example, int index) =>
        new(Command + "example",
            new XElement(Maml + "title", "-------------------------- Example " + (index + 1) + ": " + example.Title + " --------------------------"),
            new XElement(Dev + "code", example.Code),
            new XElement(Dev + "remarks", Paras(example.Remarks)));

    private static XElement Link(string text) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri"));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paras(paragraphs));

    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) =>
        paragraphs.Where(p => p.Length > 0).Select(p => new XElement(Maml + "para", p));
}
