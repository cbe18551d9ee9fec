using ReviewBot.Context.Symbols;
using ReviewBot.Context.Symbols.Parsing;

namespace ReviewBot.Tests.Context.Symbols;

public class CodeMaskerTests
{
    [TestCase("x = \"a{b\" + 'c' // d{", SourceLanguage.CSharp, "x = \"   \" + ' '      ")]
    [TestCase("s = $\"{a.B:F2} {{c}}\";", SourceLanguage.CSharp, "s = $\" a.B          \";")]
    [TestCase("s = f'{a!r} {b}' # c", SourceLanguage.Python, "s = f' a     b '    ")]
    [TestCase("s = `x ${a + `y ${b}`} z`;", SourceLanguage.JavaScript, "s = `    a + `    b `   `;")]
    [TestCase("r = /[/{]/g; q = a / b / c;", SourceLanguage.JavaScript, "r =       g; q = a / b / c;")]
    [TestCase("s := `{` + \"}\" + '{'", SourceLanguage.Go, "s := ` ` + \" \" + ' '")]
    [TestCase("fn f<'a>(s: &'a str) -> char { '{' }", SourceLanguage.Rust, "fn f<'a>(s: &'a str) -> char { ' ' }")]
    [TestCase("let r = r#\"a \"}\" b\"#; let c = '\\'';", SourceLanguage.Rust, "let r = r#\"       \"#; let c = '  ';")]
    [TestCase("let b = br\"{\" ; let s = b\"\\\"{\"; // }", SourceLanguage.Rust, "let b = br\" \" ; let s = b\"   \";     ")]
    public void Literals_and_comments_are_blanked_code_in_holes_is_kept(string line, SourceLanguage language, string expected) =>
        Assert.That(CodeMasker.Mask(line, language).Masked, Is.EqualTo(expected));

    [Test]
    public void Lines_inside_multi_line_strings_and_comments_are_marked()
    {
        var source = CodeMasker.Mask("a = '''\nx\n'''\n/* no */\nb = 1\n", SourceLanguage.Python);
        var csharp = CodeMasker.Mask("/* one\ntwo */ var x = @\"\n\";\n", SourceLanguage.CSharp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Enumerable.Range(1, source.LineCount).Select(source.StartsInLiteral), Is.EqualTo(new[] { false, true, true, false, false }));
            Assert.That(Enumerable.Range(1, csharp.LineCount).Select(csharp.StartsInLiteral), Is.EqualTo(new[] { false, true, true }));
            Assert.That(csharp.Line(2), Is.EqualTo("       var x = @\""));
        }
    }

    [Test]
    public void Offsets_and_lines_are_those_of_the_original()
    {
        const string text = "a\r\nbb\n\nccc";

        var source = CodeMasker.Mask(text, SourceLanguage.Go);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(source.Masked, Has.Length.EqualTo(text.Length));
            Assert.That(source.LineCount, Is.EqualTo(4));
            Assert.That(Enumerable.Range(1, 4).Select(source.Line), Is.EqualTo(new[] { "a", "bb", "", "ccc" }));
            Assert.That(source.LineOf(text.IndexOf('c', StringComparison.Ordinal)), Is.EqualTo(4));
        }
    }
}
