using System;
using System.Collections.Generic;
using System.Linq;

namespace CXone.HelpBuilder;

/// <summary>A parameter as help shows it: the metadata and the page's text for it.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="TypeName">Short type name.</param>
/// <param name="Entries">Its <c>[Parameter]</c> attributes (empty for the engine-added ones).</param>
/// <param name="Aliases">Aliases.</param>
/// <param name="AcceptedValues">ValidateSet values.</param>
/// <param name="Text">Paragraphs describing it.</param>
public sealed record HelpParameter(
    string Name,
    string TypeName,
    IReadOnlyList<ParameterSetEntry> Entries,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    IReadOnlyList<string> Text)
{
    /// <summary>Whether it is a switch.</summary>
    public bool IsSwitch => TypeName == "SwitchParameter";

    /// <summary>MAML's pipelineInput attribute: <c>True (ByValue, ByPropertyName)</c>, <c>False</c>...</summary>
    public string PipelineInput
    {
        get
        {
            var kinds = new List<string>();
            if (Entries.Any(e => e.ValueFromPipeline)) kinds.Add("ByValue");
            if (Entries.Any(e => e.ValueFromPipelineByPropertyName)) kinds.Add("ByPropertyName");
            return kinds.Count == 0 ? "False" : "True (" + string.Join(", ", kinds) + ")";
        }
    }
}

/// <summary>
/// The parameters a cmdlet's help lists: its own, then those the engine adds for ShouldProcess and paging
/// (PowerShell lists the common parameters by itself).
/// </summary>
public static class HelpParameters
{
    private static readonly (string Name, string Type, string Text)[] ShouldProcess =
    {
        ("WhatIf", "SwitchParameter", "Shows what would happen if the cmdlet runs. The cmdlet is not run: nothing is written on the server."),
        ("Confirm", "SwitchParameter", "Prompts you for confirmation before running the cmdlet. In a non-interactive session, use -Confirm:$false instead of answering a prompt."),
    };

    private static readonly (string Name, string Type, string Text)[] Paging =
    {
        ("First", "UInt64", "Returns only the first N objects. Pages are requested only as far as needed."),
        ("Skip", "UInt64", "Skips the first N objects before returning the rest."),
        ("IncludeTotalCount", "SwitchParameter", "Writes the total count the server reports before the objects (its Accuracy is 1.0 when the server reports it)."),
    };

    // The engine adds these to every parameter set, never positional, never mandatory.
    private static readonly ParameterSetEntry[] EngineAdded = { new(ParameterSetEntry.AllSets, false, null, false, false) };

    /// <summary>Every parameter of <paramref name="cmdlet"/> with its text from <paramref name="page"/> (empty when absent).</summary>
    public static IReadOnlyList<HelpParameter> All(CmdletMetadata cmdlet, HelpPage? page)
    {
        var own = cmdlet.Parameters.Select(p => new HelpParameter(p.Name, p.TypeName, p.Sets, p.Aliases, p.AcceptedValues, Text(page, p.Name, Details(p))));
        var added = (cmdlet.SupportsShouldProcess ? ShouldProcess : Array.Empty<(string Name, string Type, string Text)>())
            .Concat(cmdlet.SupportsPaging ? Paging : Array.Empty<(string Name, string Type, string Text)>())
            .Select(a => new HelpParameter(a.Name, a.Type, EngineAdded, Array.Empty<string>(), Array.Empty<string>(), Text(page, a.Name, Array.Empty<string>(), a.Text)));
        return own.Concat(added).ToList();
    }

    /// <summary>Names of parameters a page describes that the cmdlet does not have (typos, removed parameters).</summary>
    public static IReadOnlyList<string> Unknown(CmdletMetadata cmdlet, HelpPage page)
    {
        var known = new HashSet<string>(All(cmdlet, null).Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
        return page.Parameters.Keys.Where(k => !known.Contains(k)).ToList();
    }

    private static IReadOnlyList<string> Details(ParameterMetadata p)
    {
        var details = new List<string>();
        if (p.AcceptedValues.Count > 0) details.Add("Accepted values: " + string.Join(", ", p.AcceptedValues) + ".");
        if (p.Range != null) details.Add("Accepted range: " + p.Range + ".");
        return details;
    }

    private static IReadOnlyList<string> Text(HelpPage? page, string name, IReadOnlyList<string> details, string? fallback = null)
    {
        if (page != null && page.Parameters.TryGetValue(name, out var text) && text.Count > 0) return text.Concat(details).ToList();
        // No text of its own: empty, so that the quality gate sees the gap (accepted values alone describe nothing).
        return fallback is null ? Array.Empty<string>() : new[] { fallback };
    }
}
