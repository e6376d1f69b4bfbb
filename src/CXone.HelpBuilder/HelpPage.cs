using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Markdig;
using Markdig.Syntax;

namespace CXone.HelpBuilder;

/// <summary>One example: a title, the code as written, and the text after it.</summary>
/// <param name="Title">The heading after "Example N:".</param>
/// <param name="Code">The PowerShell code (the first fenced block of the example).</param>
/// <param name="Remarks">Paragraphs after the code.</param>
public sealed record HelpExample(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>A typed entry of Inputs or Outputs: the type name (a level-3 heading) and its paragraphs.</summary>
/// <param name="TypeName">The type as written.</param>
/// <param name="Text">Its paragraphs.</param>
public sealed record TypedText(string TypeName, IReadOnlyList<string> Text);

/// <summary>
/// A cmdlet's help page, docs/help/&lt;Verb-Noun&gt;.md: the text the cmdlet's metadata cannot give. Sections are
/// level-2 headings (Synopsis, Description, Parameters, Inputs, Outputs, Notes, Examples, Related links); parameters,
/// types and examples are level-3 headings under them.
/// </summary>
public sealed class HelpPage
{
    private static readonly string[] KnownSections = { "synopsis", "description", "parameters", "inputs", "outputs", "notes", "examples", "related links" };

    /// <summary>The level-1 heading: the cmdlet or topic name.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The file the page came from (for messages).</summary>
    public string Source { get; private set; } = "";

    /// <summary>Paragraphs per level-2 section, keyed by lower-case section name (Synopsis, Description, Notes...).</summary>
    public Dictionary<string, List<string>> Sections { get; } = new(StringComparer.Ordinal);

    /// <summary>Parameter text keyed by parameter name (without the dash), case-insensitive.</summary>
    public Dictionary<string, List<string>> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Inputs, in page order.</summary>
    public List<TypedText> Inputs { get; } = new();

    /// <summary>Outputs, in page order.</summary>
    public List<TypedText> Outputs { get; } = new();

    /// <summary>Examples, in page order.</summary>
    public List<HelpExample> Examples { get; } = new();

    /// <summary>Related links (list items or paragraphs of "Related links").</summary>
    public List<string> RelatedLinks { get; } = new();

    /// <summary>The synopsis: the first paragraph of "Synopsis", or empty.</summary>
    public string Synopsis => Sections.TryGetValue("synopsis", out var s) && s.Count > 0 ? s[0] : "";

    /// <summary>The paragraphs of a level-2 section (empty when absent).</summary>
    public IReadOnlyList<string> Section(string name) => Sections.TryGetValue(name, out var s) ? s : (IReadOnlyList<string>)Array.Empty<string>();

    /// <summary>Reads a page from a file.</summary>
    /// <exception cref="HelpPageException">When the page has no level-1 heading or an unknown section.</exception>
    public static HelpPage Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses page text.</summary>
    /// <param name="markdown">The page.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <exception cref="HelpPageException">When the page has no level-1 heading or an unknown section.</exception>
    public static HelpPage Parse(string markdown, string source)
    {
        var page = new HelpPage { Source = source };
        string? section = null, sub = null;
        List<string>? target = null;
        var exampleTitle = "";
        string? exampleCode = null;
        var exampleRemarks = new List<string>();
        void CloseExample()
        {
            if (exampleCode != null) page.Examples.Add(new HelpExample(exampleTitle, exampleCode, exampleRemarks));
            exampleCode = null;
            exampleRemarks = new List<string>();
        }

        foreach (var block in Markdown.Parse(markdown))
        {
            if (block is HeadingBlock heading)
            {
                var text = MarkdownText.Inline(heading.Inline);
                if (heading.Level == 1) { page.Name = text; continue; }
                if (heading.Level == 2)
                {
                    CloseExample();
                    section = text.ToLowerInvariant();
                    sub = null;
                    if (Array.IndexOf(KnownSections, section) < 0) throw new HelpPageException(source + ": unknown section '## " + text + "'. Known: " + string.Join(", ", KnownSections) + ".");
                    target = page.Sections.TryGetValue(section, out var list) ? list : page.Sections[section] = new List<string>();
                    continue;
                }

                sub = text;
                target = StartSubsection(page, section, sub, source, ref exampleTitle, CloseExample);
                continue;
            }

            if (section is null || target is null) continue;
            if (block is FencedCodeBlock code && section == "examples" && sub != null && exampleCode is null)
            {
                exampleCode = code.Lines.ToString().TrimEnd();
                target = exampleRemarks;
                continue;
            }

            target.AddRange(MarkdownText.Paragraphs(block));
        }

        CloseExample();
        if (page.Name.Length == 0) throw new HelpPageException(source + ": the page has no '# Name' heading.");
        page.RelatedLinks.AddRange(page.Section("related links").Select(l => l.TrimStart('-', ' ')));
        return page;
    }

    private static List<string> StartSubsection(HelpPage page, string? section, string sub, string source, ref string exampleTitle, Action closeExample)
    {
        switch (section)
        {
            case "parameters":
                var name = sub.TrimStart('-');
                return page.Parameters.TryGetValue(name, out var p) ? p : page.Parameters[name] = new List<string>();
            case "inputs":
            case "outputs":
                var text = new List<string>();
                (section == "inputs" ? page.Inputs : page.Outputs).Add(new TypedText(sub, text));
                return text;
            case "examples":
                closeExample();
                var colon = sub.IndexOf(':');
                exampleTitle = colon >= 0 ? sub.Substring(colon + 1).Trim() : sub;
                return new List<string>();
            default:
                throw new HelpPageException(source + ": '### " + sub + "' is only allowed under Parameters, Inputs, Outputs or Examples.");
        }
    }
}

/// <summary>A help page that cannot be turned into help; the message names the file and what to change.</summary>
public sealed class HelpPageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HelpPageException(string message) : base(message)
    {
    }
}
