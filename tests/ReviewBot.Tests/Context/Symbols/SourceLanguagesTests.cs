using ReviewBot.Context.Symbols;

namespace ReviewBot.Tests.Context.Symbols;

public class SourceLanguagesTests
{
    [TestCase("src/A.cs", SourceLanguage.CSharp)]
    [TestCase("app/main.py", SourceLanguage.Python)]
    [TestCase("a.ts", SourceLanguage.TypeScript)]
    [TestCase("a.tsx", SourceLanguage.TypeScript)]
    [TestCase("a.mts", SourceLanguage.TypeScript)]
    [TestCase("a.cts", SourceLanguage.TypeScript)]
    [TestCase("a.js", SourceLanguage.JavaScript)]
    [TestCase("a.jsx", SourceLanguage.JavaScript)]
    [TestCase("a.mjs", SourceLanguage.JavaScript)]
    [TestCase("a.cjs", SourceLanguage.JavaScript)]
    [TestCase("cmd/main.go", SourceLanguage.Go)]
    [TestCase("src/main/java/A.java", SourceLanguage.Java)]
    [TestCase("crates/core/src/lib.rs", SourceLanguage.Rust)]
    [TestCase("SRC/A.CS", SourceLanguage.CSharp)]
    [TestCase("a.d.ts", SourceLanguage.TypeScript)]
    [TestCase("Makefile", SourceLanguage.Unknown)]
    [TestCase("a.rb", SourceLanguage.Unknown)]
    [TestCase("a.cs.txt", SourceLanguage.Unknown)]
    public void Language_comes_from_the_extension(string path, SourceLanguage expected) =>
        Assert.That(SourceLanguages.FromPath(path), Is.EqualTo(expected));
}
