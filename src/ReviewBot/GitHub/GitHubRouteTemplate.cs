namespace ReviewBot.GitHub;

/// <summary>
/// A REST path as the route it calls (<c>/repos/{owner}/{repo}/pulls/{number}/reviews</c>), for a metric's label: the
/// owner, repository, numbers, commit ids, logins and file paths a path carries would make a series per pull request.
/// </summary>
public static class GitHubRouteTemplate
{
    private const int MaxSegments = 8;

    /// <summary>After these, the rest of the path is one parameter (a file path, a ref, a compare range).</summary>
    private static readonly Dictionary<string, string> Rest = new(StringComparer.Ordinal)
    {
        ["contents"] = "{path}", ["ref"] = "{ref}", ["refs"] = "{ref}", ["compare"] = "{basehead}", ["branches"] = "{branch}",
        ["tarball"] = "{ref}", ["zipball"] = "{ref}", ["trees"] = "{tree_sha}", ["blobs"] = "{file_sha}",
    };

    /// <summary>The segment after these is a name: owner and repository are handled by position.</summary>
    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["users"] = "{username}", ["orgs"] = "{org}", ["collaborators"] = "{username}", ["labels"] = "{name}", ["app-manifests"] = "{code}",
    };

    public static string For(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('?', 2)[0].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        // GitHub Enterprise Server serves the API under /api/v3.
        var start = segments is ["api", "v3", ..] ? 2 : 0;
        var route = new List<string>();
        for (var i = start; i < segments.Length && route.Count < MaxSegments; i++)
        {
            var segment = segments[i];
            var position = i - start;
            if (segments[start] == "repos" && position is 1 or 2)
            {
                route.Add(position == 1 ? "{owner}" : "{repo}");
            }
            else if (i > start && Rest.TryGetValue(segments[i - 1], out var rest))
            {
                route.Add(rest);
                break;
            }
            else if (i > start && Named.TryGetValue(segments[i - 1], out var name))
            {
                route.Add(name);
            }
            else
            {
                route.Add(Literal(segment));
            }
        }
        return "/" + string.Join('/', route);
    }

    /// <summary>A number or commit id is a parameter; so is anything that is not a plain lower-case word (GitHub's literals are).</summary>
    private static string Literal(string segment) =>
        segment.All(char.IsAsciiDigit) ? "{id}"
        : segment.Length == 40 && segment.All(char.IsAsciiHexDigitLower) ? "{sha}"
        : segment.Length <= 40 && segment.All(c => char.IsAsciiLetterLower(c) || c is '-' or '_') ? segment
        : "{param}";
}
