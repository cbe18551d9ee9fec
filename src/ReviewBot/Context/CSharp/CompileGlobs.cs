using System.Text.RegularExpressions;

namespace ReviewBot.Context.CSharp;

/// <summary>MSBuild item globs (<c>*</c> within a folder, <c>**</c> across folders, <c>?</c> one character) over repository paths.</summary>
public static class CompileGlobs
{
    /// <summary>A test for paths that any of the globs (repository-relative, '/' or '\' separated) matches.</summary>
    public static Func<string, bool> Matcher(IReadOnlyCollection<string> globs)
    {
        ArgumentNullException.ThrowIfNull(globs);
        if (globs.Count == 0)
        {
            return _ => false;
        }
        var pattern = "^(?:" + string.Join('|', globs.Select(ToRegex)) + ")$";
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return regex.IsMatch;
    }

    private static string ToRegex(string glob)
    {
        var parts = glob.Replace('\\', '/').Split("**/");
        return string.Join("(?:.*/)?", parts.Select(p => Regex.Escape(p).Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal)));
    }
}
