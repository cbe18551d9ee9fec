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
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses nesting deeper than it allows; GitHub shows such a comment as a tangle, not as a request.
            yield break;
        }

        foreach (var block in document.Descendants<LeafBlock>())
        {
            if (block is not (ParagraphBlock or HeadingBlock) || block.Inline is null || InQuote(block))
            {
                continue;
            }

            var prose = new StringBuilder();
            Append(block.Inline, prose);
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

    /// <summary>
    /// Appends the prose of these inlines, depth first. Iterative, because emphasis nests as deep as the comment has
    /// asterisks, and a recursion that deep ends the process with a stack overflow no handler can catch.
    /// </summary>
    private static void Append(ContainerInline root, StringBuilder prose)
    {
        var codeDepth = 0;
        var pending = new Stack<Inline>();
        PushChildren(root, pending);
        while (pending.TryPop(out var inline))
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
                    PushChildren(nested, pending);
                    break;
            }
        }
    }

    /// <summary>Pushes the children last first, so they pop in document order.</summary>
    private static void PushChildren(ContainerInline container, Stack<Inline> pending)
    {
        for (var child = container.LastChild; child is not null; child = child.PreviousSibling)
        {
            pending.Push(child);
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
