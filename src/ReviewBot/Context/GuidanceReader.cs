using System.Text;
using System.Text.RegularExpressions;
using ReviewBot.Workspace;

namespace ReviewBot.Context;

/// <summary>
/// The repository's review guidance, read at the base commit so a pull request cannot weaken its own review: for each
/// changed path the nearest <c>AGENTS.md</c> (same folder, then each parent up to the root) and its "Review guidelines"
/// (or "Code Review Rules") section.
/// </summary>
public static partial class GuidanceReader
{
    public const string FileName = "AGENTS.md";

    public static async Task<(IReadOnlyList<ContextItem> Items, IReadOnlyList<string> Notes)> ReadAsync(
        BlobReader blobs, string baseCommit, IReadOnlySet<string> baseFiles, IEnumerable<string> changedPaths, TokenCounter tokens,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(baseFiles);
        ArgumentNullException.ThrowIfNull(tokens);
        var byGuide = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in changedPaths)
        {
            var guide = Nearest(path, baseFiles);
            if (guide is not null)
            {
                (byGuide.TryGetValue(guide, out var list) ? list : byGuide[guide] = []).Add(path);
            }
        }

        var items = new List<ContextItem>();
        var notes = new List<string>();
        foreach (var (guide, paths) in byGuide.OrderBy(g => g.Key.Length).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var text = await blobs.ReadAsync(baseCommit, guide, cancellationToken);
            if (text is null)
            {
                continue;
            }
            var section = Section(text);
            if (section is null)
            {
                notes.Add($"{guide} has no \"Review guidelines\" section; nothing from it was used.");
                continue;
            }
            var body = $"### {guide}:{section.Value.Start}-{section.Value.End} (review guidance at the base commit)\n{section.Value.Text}";
            items.Add(new ContextItem(ContextKind.Guidance, guide, section.Value.Start, section.Value.End, null,
                $"nearest {FileName} to {paths.Count} changed file(s)", tokens.Count(body), body, double.MaxValue)
            {
                ForPaths = paths,
            });
        }
        return (items, notes);
    }

    public static string? Nearest(string changedPath, IReadOnlySet<string> files)
    {
        ArgumentNullException.ThrowIfNull(changedPath);
        ArgumentNullException.ThrowIfNull(files);
        var directory = changedPath.Contains('/', StringComparison.Ordinal) ? changedPath[..changedPath.LastIndexOf('/')] : "";
        while (true)
        {
            var candidate = directory.Length == 0 ? FileName : $"{directory}/{FileName}";
            if (files.Contains(candidate))
            {
                return candidate;
            }
            if (directory.Length == 0)
            {
                return null;
            }
            var slash = directory.LastIndexOf('/');
            directory = slash < 0 ? "" : directory[..slash];
        }
    }

    /// <summary>The review section of an AGENTS.md: from its heading to the next heading of the same or a higher level.</summary>
    public static (int Start, int End, string Text)? Section(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = CodeFormat.SplitLines(markdown);
        for (var i = 0; i < lines.Length; i++)
        {
            var match = ReviewHeading().Match(lines[i].TrimEnd('\r'));
            if (!match.Success)
            {
                continue;
            }
            var level = match.Groups[1].Value.Length;
            var end = lines.Length;
            for (var j = i + 1; j < lines.Length; j++)
            {
                var heading = AnyHeading().Match(lines[j]);
                if (heading.Success && heading.Groups[1].Value.Length <= level)
                {
                    end = j;
                    break;
                }
            }
            var builder = new StringBuilder();
            for (var j = i; j < end; j++)
            {
                builder.Append(lines[j].TrimEnd('\r')).Append('\n');
            }
            return (i + 1, end, builder.ToString().TrimEnd() + "\n");
        }
        return null;
    }

    [GeneratedRegex(@"^(#{1,6})\s*(?:code\s+)?review\s+(?:guidelines|rules|guidance)\s*#*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ReviewHeading();

    [GeneratedRegex(@"^(#{1,6})\s")]
    private static partial Regex AnyHeading();
}
