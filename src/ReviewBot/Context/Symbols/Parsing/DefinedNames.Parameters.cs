using System.Text.RegularExpressions;

namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>Parameter lists: split at top-level commas, each parameter's name taken by the language's order of type and name.</summary>
internal static partial class DefinedNames
{
    private enum ParameterStyle
    {
        /// <summary>C#, Java: <c>int count</c>, the name is the last word.</summary>
        TypeThenName,

        /// <summary>Go, Python, TypeScript: <c>count int</c>, <c>count: int</c>, the name is the first word.</summary>
        NameThenType,
    }

    /// <summary>The offset of the parameter list after the first name found, or -1.</summary>
    private static int FirstParameterList(List<(int Index, string Name)> found, string line)
    {
        if (found.Count == 0)
        {
            return -1;
        }

        var (index, name) = found[0];
        var after = index + name.Length;
        while (after < line.Length && line[after] is ' ' or '\t')
        {
            after++;
        }

        if (after < line.Length && line[after] is '<' or '[')
        {
            // Type parameters: Max<T>(, Map[T any](
            var (open, close) = line[after] == '<' ? ('<', '>') : ('[', ']');
            var depth = 0;
            do
            {
                depth += line[after] == open ? 1 : line[after] == close ? -1 : 0;
                after++;
            }
            while (after < line.Length && depth > 0);

            while (after < line.Length && line[after] is ' ' or '\t')
            {
                after++;
            }
        }

        return after < line.Length && line[after] == '(' ? after : -1;
    }

    private static void AddParameters(List<(int, string)> found, string line, int open, ParameterStyle style)
    {
        if (open < 0)
        {
            return;
        }

        var depth = 0;
        var close = open;
        for (; close < line.Length; close++)
        {
            depth += line[close] is '(' or '[' or '{' or '<' ? 1 : line[close] is ')' or ']' or '}' or '>' && !(line[close] == '>' && close > 0 && line[close - 1] == '=') ? -1 : 0;
            if (depth == 0)
            {
                break;
            }
        }

        AddParameterText(found, line, open + 1, Math.Min(close, line.Length), style);
    }

    private static void AddParameterText(List<(int, string)> found, Group group, ParameterStyle style)
    {
        if (group.Success)
        {
            AddParameterText(found, group.Value, 0, group.Length, style, group.Index);
        }
    }

    /// <summary>Splits a parameter list at top-level commas and takes each parameter's name.</summary>
    private static void AddParameterText(List<(int, string)> found, string text, int start, int end, ParameterStyle style, int offset = 0)
    {
        var depth = 0;
        var segmentStart = start;
        for (var i = start; i <= end; i++)
        {
            var c = i < end ? text[i] : ',';
            if (c is '(' or '[' or '{' or '<')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}' or '>' && !(c == '>' && i > 0 && text[i - 1] == '='))
            {
                depth--;
            }
            else if (c == ',' && depth <= 0)
            {
                AddParameter(found, text, segmentStart, i, style, offset);
                segmentStart = i + 1;
            }
        }
    }

    private static void AddParameter(List<(int, string)> found, string text, int start, int end, ParameterStyle style, int offset)
    {
        // A default value is not part of the name: `count = 1`, `count: int = 1`, `int count = 1`.
        var equals = text.IndexOf('=', start, end - start);
        if (equals >= 0 && !(equals + 1 < text.Length && text[equals + 1] == '>'))
        {
            end = equals;
        }

        var segment = text[start..end];
        var trimmed = segment.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            // A destructuring pattern: { a, b: renamed, ...rest }
            var open = start + segment.IndexOf(trimmed[0], StringComparison.Ordinal);
            var close = text.LastIndexOf(trimmed[0] == '{' ? '}' : ']', end - 1, end - open);
            foreach (Match binding in PatternBindingPattern().Matches(text[(open + 1)..(close > open ? close : end)]))
            {
                found.Add((offset + open + 1 + binding.Groups["name"].Index, binding.Groups["name"].Value));
            }

            return;
        }

        var words = IdentifierPattern().Matches(segment).Where(w => !ParameterModifiers.Contains(w.Value)).ToList();
        if (words.Count == 0)
        {
            return;
        }

        var typeStart = style == ParameterStyle.NameThenType ? segment.IndexOf(':', StringComparison.Ordinal) : -1;
        var word = style == ParameterStyle.TypeThenName ? LastOutsideBrackets(segment, words) : words[0];
        if (typeStart < 0 || word.Index < typeStart)
        {
            found.Add((offset + start + word.Index, word.Value));
        }
    }

    /// <summary>The last word not inside generic arguments or attribute brackets: <c>Dictionary&lt;string, int&gt; map</c> gives map.</summary>
    private static Match LastOutsideBrackets(string segment, List<Match> words)
    {
        for (var k = words.Count - 1; k >= 0; k--)
        {
            var before = segment[..words[k].Index];
            if (before.Count(c => c is '<' or '[' or '(') <= before.Count(c => c is '>' or ']' or ')'))
            {
                return words[k];
            }
        }

        return words[^1];
    }

    private static readonly HashSet<string> ParameterModifiers = ["this", "params", "ref", "out", "in", "final", "scoped", "readonly", "public", "private", "protected", "override"];
}
