namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>How one kind of string literal ends, escapes and interpolates.</summary>
/// <param name="Close">The closing delimiter.</param>
/// <param name="Backslash">A backslash escapes the next character.</param>
/// <param name="DoubledQuote">A doubled quote stands for one quote (C# verbatim strings).</param>
/// <param name="Multiline">The literal may span lines; otherwise a newline ends it (error recovery).</param>
/// <param name="Holes">How code is embedded in the literal.</param>
internal sealed record StringSyntax(string Close, bool Backslash, bool DoubledQuote, bool Multiline, HoleSyntax Holes);

internal enum HoleSyntax
{
    None,

    /// <summary><c>{expr}</c>, <c>{{</c> is a literal brace, and <c>:</c> starts a format (C# <c>$"..."</c>, Python f-strings).</summary>
    Braces,

    /// <summary><c>${expr}</c> (JavaScript template literals).</summary>
    DollarBraces,
}
