using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace ReviewBot.Reviews;

/// <summary>
/// Path globs as in .gitignore-style settings: <c>*</c> within a folder, <c>**</c> across folders, <c>?</c> one character.
/// A glob without a slash matches the file name in any folder.
/// </summary>
public static class Glob
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool IsMatch(string glob, string path)
    {
        ArgumentNullException.ThrowIfNull(glob);
        ArgumentNullException.ThrowIfNull(path);
        var regex = Cache.GetOrAdd(glob, static g => new Regex(ToRegex(g), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        return regex.IsMatch(path);
    }

    private static string ToRegex(string glob)
    {
        var pattern = glob.Trim().TrimStart('/');
        var anywhere = !pattern.Contains('/', StringComparison.Ordinal);
        var builder = new StringBuilder(anywhere ? "^(?:.*/)?" : "^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                builder.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                builder.Append("[^/]*");
            }
            else if (c == '?')
            {
                builder.Append("[^/]");
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }
        builder.Append(pattern.EndsWith('/') ? ".*$" : "(?:/.*)?$");
        return builder.ToString();
    }
}
