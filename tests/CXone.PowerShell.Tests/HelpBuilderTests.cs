using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using CXone.HelpBuilder;

namespace CXone.PowerShell.Tests;

/// <summary>
/// The help build step: pages parsed into sections, parameters and examples; MAML written from the built cmdlet
/// assembly's metadata plus the pages; about topics as help text; pages that cannot work refused by name.
/// </summary>
public sealed class HelpBuilderTests : IDisposable
{
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "cxone-help-" + Guid.NewGuid().ToString("n")[..8]);

    public HelpBuilderTests() => Directory.CreateDirectory(Path.Combine(_temp, "pages"));

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private const string Page = """
        # Save-CXoneRecording

        ## Synopsis
        Saves *recordings* to `a folder`.

        ## Description
        First paragraph
        continues here.

        Second paragraph with <contactId>.

        ## Parameters

        ### -Path
        The folder.

        ### -ThrottleLimit
        Downloads at once.

        ## Outputs

        ### CXone.Core.Recordings.DownloadResult
        One per file.

        ## Examples

        ### Example 1: Save them
        ```powershell
        Save-CXoneRecording -Path D:\rec
        ```
        Saves into D:\rec.

        ### Example 2: Another
        ```powershell
        Get-Date
        ```
        Shows the date.

        ## Related links
        - Get-CXoneRecording
        """;

    [Fact]
    public void A_page_gives_sections_parameters_examples_and_links_as_plain_text()
    {
        var page = HelpPage.Parse(Page, "page.md");

        Assert.Equal("Save-CXoneRecording", page.Name);
        Assert.Equal("Saves recordings to a folder.", page.Synopsis);
        Assert.Equal(new[] { "First paragraph continues here.", "Second paragraph with <contactId>." }, page.Section("description"));
        Assert.Equal(new[] { "Path", "ThrottleLimit" }, page.Parameters.Keys.OrderBy(k => k));
        Assert.Equal(2, page.Examples.Count);
        Assert.Equal("Save them", page.Examples[0].Title);
        Assert.Equal(@"Save-CXoneRecording -Path D:\rec", page.Examples[0].Code);
        Assert.Equal(new[] { @"Saves into D:\rec." }, page.Examples[0].Remarks);
        Assert.Equal("CXone.Core.Recordings.DownloadResult", Assert.Single(page.Outputs).TypeName);
        Assert.Equal(new[] { "Get-CXoneRecording" }, page.RelatedLinks);
    }

    [Fact]
    public void An_unknown_section_is_refused_with_the_file_and_the_known_names()
    {
        var e = Assert.Throws<HelpPageException>(() => HelpPage.Parse("# X\n\n## Synopsys\nText.\n", "docs/help/X.md"));
        Assert.Contains("docs/help/X.md", e.Message);
        Assert.Contains("Synopsys", e.Message);
        Assert.Contains("synopsis", e.Message);
    }

    [Fact]
    public void Maml_takes_syntax_types_pipeline_input_and_accepted_values_from_the_assembly_and_text_from_the_page()
    {
        File.WriteAllText(Path.Combine(_temp, "pages", "Save-CXoneRecording.md"), Page);
        var (cmdlets, missing, _) = Build();
        var maml = XDocument.Load(Path.Combine(_temp, "out", "CXone.PowerShell.dll-Help.xml"));
        var commands = maml.Root!.Elements(Command + "command").ToList();
        Assert.Equal(cmdlets, commands.Count);
        Assert.DoesNotContain("Save-CXoneRecording", missing);

        var save = commands.Single(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == "Save-CXoneRecording");
        Assert.Equal("Saves recordings to a folder.", save.Element(Command + "details")!.Element(Maml + "description")!.Value);
        var parameters = save.Element(Command + "parameters")!.Elements(Command + "parameter").ToDictionary(p => p.Element(Maml + "name")!.Value);
        Assert.Equal("True (ByPropertyName)", parameters["ContactId"].Attribute("pipelineInput")!.Value);
        Assert.Equal("MasterContactId, AcdContactId", parameters["ContactId"].Attribute("aliases")!.Value);
        Assert.Equal("True (ByValue)", parameters["InputObject"].Attribute("pipelineInput")!.Value);
        Assert.Equal("0", parameters["Path"].Attribute("position")!.Value);
        Assert.Equal("true", parameters["Path"].Attribute("required")!.Value);
        Assert.Equal(new[] { "all", "voice-only", "voice-and-screen", "chat", "email" },
            parameters["MediaType"].Element(Command + "parameterValueGroup")!.Elements().Select(v => v.Value));
        Assert.Contains("Accepted range: 1 to 32.", parameters["ThrottleLimit"].Value);
        Assert.Contains("WhatIf", parameters.Keys);
        Assert.Empty(parameters["Force"].Element(Maml + "description")!.Elements());

        // One syntax item per parameter set, the default set first, each with -WhatIf and -Confirm.
        var syntax = save.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, syntax.Count);
        Assert.Contains(syntax[0].Elements(Command + "parameter"), p => p.Element(Maml + "name")!.Value == "InputObject");
        Assert.All(syntax, s => Assert.Contains(s.Elements(Command + "parameter"), p => p.Element(Maml + "name")!.Value == "Confirm"));
        Assert.Equal(2, save.Element(Command + "examples")!.Elements().Count());
    }

    [Fact]
    public void A_page_naming_a_parameter_the_cmdlet_lacks_fails_the_build_with_its_name()
    {
        File.WriteAllText(Path.Combine(_temp, "pages", "Save-CXoneRecording.md"), Page.Replace("### -ThrottleLimit", "### -Throttle"));
        var e = Assert.Throws<HelpPageException>(() => Build());
        Assert.Contains("-Throttle", e.Message);
        Assert.Contains("Save-CXoneRecording.md", e.Message);
        Assert.False(File.Exists(Path.Combine(_temp, "out", "CXone.PowerShell.dll-Help.xml")));
    }

    [Fact]
    public void A_page_for_a_cmdlet_that_does_not_exist_fails_the_build()
    {
        File.WriteAllText(Path.Combine(_temp, "pages", "Get-CXoneNothing.md"), "# Get-CXoneNothing\n\n## Synopsis\nNothing.\n");
        var e = Assert.Throws<HelpPageException>(() => Build());
        Assert.Contains("Get-CXoneNothing", e.Message);
    }

    [Fact]
    public void An_about_topic_becomes_help_text_wrapped_at_80_columns_with_code_kept()
    {
        var markdown = "# about_Test\n\n## Short description\nShort.\n\n## Long description\n" + string.Join(" ", Enumerable.Repeat("word", 60)) +
            "\n\n```powershell\nGet-Date | Format-List   # a long line is kept whole, however long it is, because it is code\n```\n";
        var (name, text) = AboutTopicWriter.Write(markdown, "about_Test.md");

        Assert.Equal("about_Test", name);
        Assert.StartsWith("TOPIC\n    about_Test\n\nSHORT DESCRIPTION\n    Short.\n", text);
        Assert.Contains("LONG DESCRIPTION\n", text);
        Assert.All(text.Split('\n').Where(l => !l.StartsWith("        ", StringComparison.Ordinal)), l => Assert.True(l.Length <= 80, l));
        Assert.Contains("        Get-Date | Format-List   # a long line is kept whole, however long it is, because it is code\n", text);
        Assert.Throws<HelpPageException>(() => AboutTopicWriter.Write("# about_Test\n\n## Long description\nx\n", "about_Test.md"));
    }

    private (int Cmdlets, System.Collections.Generic.IReadOnlyList<string> Missing, int Topics) Build() =>
        Program.Build(
            Path.Combine(ModuleMetadata.Setting("ModuleOutput"), "CXone.PowerShell.dll"),
            ModuleMetadata.Setting("SmaPath"),
            Path.Combine(_temp, "pages"),
            Path.Combine(_temp, "about"),
            Path.Combine(_temp, "out"));
}
