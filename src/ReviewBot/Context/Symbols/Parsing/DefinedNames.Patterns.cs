using System.Text.RegularExpressions;

namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>The regexes of <see cref="DefinedNames"/> beyond the fallback parsers' declaration patterns it reuses.</summary>
internal static partial class DefinedNames
{
    [GeneratedRegex(@"[A-Za-z_$][\w$]*")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"(?:^\s*|[{,]\s*)(?:\.\.\.)?(?:[\w$]+\s*:\s*)?(?<name>[A-Za-z_$][\w$]*)\s*(?==|,|$)")]
    private static partial Regex PatternBindingPattern();

    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]\s*)*(?:(?:public|private|protected|internal|static)\s+)+(?<name>[A-Za-z_]\w*)\s*\(")]
    private static partial Regex CSharpConstructorPattern();

    [GeneratedRegex(@"\bvar\s+(?<name>[A-Za-z_]\w*)|\bvar\s*\((?<names>[^()]*)\)|\bout\s+[\w.<>\[\]?]+\s+(?<name>[A-Za-z_]\w*)|\bcatch\s*\(\s*[\w.<>]+\s+(?<name>[A-Za-z_]\w*)\s*\)|\b(?:foreach|for|using|fixed)\s*\(\s*(?!var\b)[\w.<>\[\]?]+\s+(?<name>[A-Za-z_]\w*)\s*(?:=|\bin\b)|\bis\s+(?:not\s+)?[A-Za-z_][\w.<>]*\s+(?<name>[a-z_]\w*)")]
    private static partial Regex CSharpLocalPattern();

    [GeneratedRegex(@"^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*(?:(?:public|private|protected|static|final)\s+)+(?<name>[A-Za-z_$][\w$]*)\s*\(")]
    private static partial Regex JavaConstructorPattern();

    [GeneratedRegex(@"\bvar\s+(?<name>[A-Za-z_$][\w$]*)|\bcatch\s*\(\s*(?:final\s+)?[\w.|\s]+?\s+(?<name>[A-Za-z_$][\w$]*)\s*\)|\bfor\s*\(\s*(?:final\s+)?(?!var\b)[\w.<>\[\]]+\s+(?<name>[A-Za-z_$][\w$]*)\s*[:=]|\binstanceof\s+[\w.<>]+\s+(?<name>[A-Za-z_$][\w$]*)")]
    private static partial Regex JavaLocalPattern();

    [GeneratedRegex(@"(?<![\w$])(?<name>[A-Za-z_$][\w$]*)\s*->|\((?<parameters>[^()]*)\)\s*->")]
    private static partial Regex JavaLambdaPattern();

    [GeneratedRegex(@"(?<![\w$.])(?<name>[A-Za-z_$][\w$]*)\s*=>|\((?<parameters>[^()]*)\)\s*(?::\s*[^=()]+?)?\s*=>")]
    private static partial Regex LambdaPattern();

    [GeneratedRegex(@"(?:^|[;{(]|\bfor\b|\bif\b|\bswitch\b)\s*(?<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*:=")]
    private static partial Regex GoShortDeclarationPattern();

    [GeneratedRegex(@"^\s*(?<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::\s*[^=]+)?=(?!=)")]
    private static partial Regex PythonAssignmentPattern();

    [GeneratedRegex(@"\bfor\s+(?<names>[\w\s,()]+?)\s+in\b|\bas\s+(?<names>[A-Za-z_]\w*)|(?<names>[A-Za-z_]\w*)\s*:=")]
    private static partial Regex PythonBindingPattern();

    [GeneratedRegex(@"\blambda\b(?<parameters>[^:]*):")]
    private static partial Regex PythonLambdaPattern();

    [GeneratedRegex(@"^\s*(?:@[\w.]+(?:\(.*?\))?\s+)*(?:(?:public|private|protected|static|readonly|async|abstract|override|get|set)\s+)*\*?\s*(?<name>#?[\w$]+)\s*(?:<[^>]*>)?\s*\((?<parameters>[^)]*)\)\s*(?::\s*[^{=]+)?\{\s*$")]
    private static partial Regex ScriptMethodPattern();

    [GeneratedRegex(@"\bfunction\b\s*\*?\s*(?<name>[\w$]+)\s*(?:<[^>]*>)?\s*\((?<parameters>[^)]*)\)")]
    private static partial Regex ScriptFunctionPattern();

    [GeneratedRegex(@"\b(?:const|let|var)\s+(?:(?<name>[\w$]+)|(?<pattern>\{[^}]*\}|\[[^\]]*\]))")]
    private static partial Regex ScriptVariablePattern();

    // `x: u8` and `mut x: u8` in a parameter list.
    [GeneratedRegex(@"[(,]\s*(?:mut\s+)?(?<name>[a-z_]\w*)\s*:(?!:)")]
    private static partial Regex RustParameterPattern();

    // `let x`, `let mut x`, `let (a, b)`, `for x in`, `for (k, v) in`, closure parameters `|a, b|`.
    [GeneratedRegex(@"\blet\s+(?:mut\s+)?(?<name>[a-z_]\w*)|\blet\s*\((?<names>[^()]*)\)|\bfor\s+\(?(?<names>[\w\s,]+?)\)?\s+in\b|(?:^|[(=,]|\bmove)\s*\|(?<names>[\w\s,:&]*)\|")]
    private static partial Regex RustBindingPattern();

    [GeneratedRegex(@"\bcatch\s*\(\s*(?<name>[\w$]+)")]
    private static partial Regex ScriptCatchPattern();
}
