using System.Text.RegularExpressions;

namespace ReviewBot.Context.Symbols.Fallback;

/// <summary>
/// Python definitions: <c>class</c>, <c>def</c> and <c>async def</c> at any depth, ended by indentation. A <c>def</c>
/// directly in a class is a method; so is a lambda assigned to a name there (ctags counts those too). Not found: module
/// and class variables.
/// </summary>
internal static partial class PythonDefinitions
{
    public static void Parse(ScopeStack scopes)
    {
        foreach (var (line, text) in scopes.Lines())
        {
            if (scopes.Source.StartsInLiteral(line) || scopes.Source.DepthAt(line) > 0)
            {
                continue;
            }

            var parent = scopes.At(line);
            if ((DefinitionPattern().Match(text) is { Success: true } found ? found : LambdaPattern().Match(text)) is not { Success: true } match)
            {
                continue;
            }

            var kind = match.Groups["keyword"].Value == "class" ? SymbolKinds.Class
                : parent?.Kind == SymbolKinds.Class ? SymbolKinds.Method
                : SymbolKinds.Function;
            scopes.Add(match.Groups["name"].Value, kind, line, match.Groups["name"].Index);
        }
    }

    [GeneratedRegex(@"^\s*(?:async\s+)?(?<keyword>def|class)\s+(?<name>[A-Za-z_]\w*)\s*[(\[:]")]
    internal static partial Regex DefinitionPattern();

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_]\w*)\s*(?::[^=]+)?=\s*lambda\b")]
    internal static partial Regex LambdaPattern();
}
