using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Markdig;
using Markdig.Syntax;

namespace CXone.HelpBuilder;

/// <summary>
/// Turns an about topic written in markdown (docs/about/about_*.md: "# about_Name", then level-2 sections such as
/// "Short description" and "Long description") into the plain-text <c>about_Name.help.txt</c> that
/// <c>Get-Help about_Name</c> shows: section names in capitals, text wrapped at 80 columns and indented, code kept
/// as written.
/// </summary>
public static class AboutTopicWriter
{
    private const int Width = 80;

    /// <summary>The topic's name (its level-1 heading) and its help text.</summary>
    /// <param name="markdown">The topic page.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <exception cref="HelpPageException">When the page does not start with "# about_Name" or has no short description.</exception>
    public static (string Name, string Text) Write(string markdown, string source)
    {
        var text = new StringBuilder();
        string? name = null;
        var hasShort = false;
        foreach (var block in Markdown.Parse(markdown))
        {
            switch (block)
            {
                case HeadingBlock { Level: 1 } h:
                    name = MarkdownText.Inline(h.Inline);
                    text.Append("TOPIC\n    ").Append(name).Append("\n\n");
                    break;
                case HeadingBlock { Level: 2 } h:
                    var title = MarkdownText.Inline(h.Inline).ToUpperInvariant();
                    hasShort |= title == "SHORT DESCRIPTION";
                    text.Append(title).Append('\n');
                    break;
                case HeadingBlock h:
                    text.Append("  ").Append(MarkdownText.Inline(h.Inline)).Append("\n\n");
                    break;
                case CodeBlock code:
                    foreach (var line in code.Lines.ToString().TrimEnd().Split('\n')) text.Append("        ").Append(line.TrimEnd('\r')).Append('\n');
                    text.Append('\n');
                    break;
                default:
                    foreach (var paragraph in MarkdownText.Paragraphs(block)) Wrap(paragraph, text);
                    break;
            }
        }

        if (name is null || !name.StartsWith("about_", StringComparison.Ordinal)) throw new HelpPageException(source + ": an about topic starts with '# about_Name'.");
        if (!hasShort) throw new HelpPageException(source + ": an about topic needs a '## Short description' section.");
        return (name, text.ToString().TrimEnd() + "\n");
    }

    private static void Wrap(string paragraph, StringBuilder text)
    {
        var hanging = paragraph.StartsWith("- ", StringComparison.Ordinal) ? "      " : "    ";
        foreach (var hard in paragraph.Split('\n'))
        {
            var line = new StringBuilder("    ");
            foreach (var word in hard.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length + word.Length + 1 > Width && line.ToString().Trim().Length > 0)
                {
                    text.Append(line.ToString().TrimEnd()).Append('\n');
                    line = new StringBuilder(hanging);
                }

                line.Append(word).Append(' ');
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }

        text.Append('\n');
    }
}
