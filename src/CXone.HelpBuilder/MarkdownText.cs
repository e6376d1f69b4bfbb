using System.Collections.Generic;
using System.Linq;
using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CXone.HelpBuilder;

/// <summary>
/// Markdown blocks as the plain text help shows: emphasis and link markup dropped, code spans kept as their text,
/// list items as "- item" paragraphs, code blocks as their lines.
/// </summary>
public static class MarkdownText
{
    /// <summary>The paragraphs of one block (a paragraph gives one, a list one per item, a code block one).</summary>
    public static IEnumerable<string> Paragraphs(Block block)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                yield return Inline(paragraph.Inline);
                break;
            case ListBlock list:
                var number = 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var bullet = list.IsOrdered ? (number++) + ". " : "- ";
                    yield return bullet + string.Join(" ", item.SelectMany(Paragraphs));
                }

                break;
            case CodeBlock code:
                yield return code.Lines.ToString().TrimEnd();
                break;
            case QuoteBlock quote:
                foreach (var inner in quote.SelectMany(Paragraphs)) yield return inner;
                break;
        }
    }

    /// <summary>The plain text of inline content (null gives empty); soft line breaks become spaces.</summary>
    public static string Inline(ContainerInline? inline)
    {
        var text = new StringBuilder();
        Append(inline, text);
        return text.ToString().Trim();
    }

    private static void Append(ContainerInline? container, StringBuilder text)
    {
        if (container is null) return;
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline br:
                    text.Append(br.IsHard ? "\n" : " ");
                    break;
                case HtmlInline html:
                    // Help text such as <contactId> is not HTML: keep it as written.
                    text.Append(html.Tag);
                    break;
                case AutolinkInline link:
                    text.Append(link.Url);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case ContainerInline inner:
                    Append(inner, text);
                    break;
            }
        }
    }
}
