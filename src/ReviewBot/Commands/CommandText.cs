using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ReviewBot.Commands;

/// <summary>
/// The prose of a Markdown comment, line by line, as GitHub renders it: read with a CommonMark parser (Markdig; GitHub's
/// renderer is cmark-gfm), keeping only the text of paragraphs and headings outside quotes. Code blocks, code spans, HTML
/// (comments, tags and what <c>&lt;code&gt;</c>/<c>&lt;pre&gt;</c> hold), link definitions and link text are not prose.
/// </summary>
public static partial class CommandText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseTaskLists().Build();

    public static IEnumerable<string> ProseLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = Markdown.Parse(text, Pipeline);
        foreach (var block in document.Descendants<LeafBlock>())
        {
            if (block is not (ParagraphBlock or HeadingBlock) || block.Inline is null || InQuote(block))
            {
                continue;
            }

            var prose = new StringBuilder();
            var codeDepth = 0;
            Append(block.Inline, prose, ref codeDepth);
            foreach (var line in prose.ToString().Split('\n'))
            {
                if (line.Trim() is { Length: > 0 } trimmed)
                {
                    yield return trimmed;
                }
            }
        }
    }

    private static bool InQuote(Block block)
    {
        for (var parent = block.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is QuoteBlock)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Appends the prose of these inlines; <paramref name="codeDepth"/> counts open <c>&lt;code&gt;</c>-like HTML tags.</summary>
    private static void Append(ContainerInline container, StringBuilder prose, ref int codeDepth)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case HtmlInline html:
                    codeDepth = Math.Max(0, codeDepth + CodeTag(html.Tag));
                    prose.Append(' ');
                    break;
                case LiteralInline literal when codeDepth == 0:
                    prose.Append(literal.Content.ToString());
                    break;
                case LineBreakInline:
                    prose.Append('\n');
                    break;
                case CodeInline or AutolinkInline or LinkInline or LiteralInline:
                    prose.Append(' ');
                    break;
                case ContainerInline nested:
                    Append(nested, prose, ref codeDepth);
                    break;
            }
        }
    }

    /// <summary>+1 for an opening tag whose content GitHub shows as code (or hides), -1 for its closing tag, 0 otherwise.</summary>
    private static int CodeTag(string tag)
    {
        var match = CodeTagPattern().Match(tag);
        return !match.Success ? 0 : match.Groups["close"].Success ? -1 : 1;
    }

    [GeneratedRegex(@"^<(?<close>/)?(?:code|pre|kbd|samp|tt|var|script|style|textarea)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CodeTagPattern();
}
