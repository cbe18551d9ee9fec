namespace ReviewBot.Context.Symbols;

/// <summary>Recognises test code by the conventions of each language, so the engine can find the tests of what changed.</summary>
public static class TestFiles
{
    private static readonly HashSet<string> TestDirectories = new(["test", "tests", "__tests__", "__test__", "spec", "specs", "benches"], StringComparer.OrdinalIgnoreCase);

    private static readonly string[] ScriptExtensions = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

    /// <summary>
    /// True for files under a <c>test/</c>, <c>tests/</c>, <c>__tests__/</c>, <c>spec/</c> or <c>benches/</c> (Rust) directory (so also
    /// <c>src/test/java/...</c>) or a .NET test project (<c>Foo.Tests/</c>), and for files named <c>*_test.go</c>,
    /// <c>test_*.py</c>, <c>*_test.py</c>, <c>conftest.py</c>, <c>*.test.ts</c>, <c>*.spec.js</c> (any script extension),
    /// <c>*Tests.cs</c>, <c>*Test.cs</c>, <c>*Test.java</c>, <c>*Tests.java</c>, <c>*IT.java</c>, <c>*_test.rs</c> or <c>*_tests.rs</c>.
    /// A Rust <c>#[cfg(test)] mod tests</c> inside a source file is not seen: this is about paths.
    /// </summary>
    public static bool IsTestPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return false;
        }

        return segments[..^1].Any(IsTestDirectory) || IsTestFileName(segments[^1]);
    }

    private static bool IsTestDirectory(string name) =>
        TestDirectories.Contains(name)
        || name.EndsWith(".Tests", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".Test", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("UnitTests", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("IntegrationTests", StringComparison.OrdinalIgnoreCase);

    private static bool IsTestFileName(string name)
    {
        var extension = Path.GetExtension(name);
        var stem = Path.GetFileNameWithoutExtension(name);
        return extension.ToLowerInvariant() switch
        {
            ".go" => stem.EndsWith("_test", StringComparison.Ordinal),
            ".rs" => stem.EndsWith("_test", StringComparison.Ordinal) || stem.EndsWith("_tests", StringComparison.Ordinal),
            ".py" => stem.StartsWith("test_", StringComparison.Ordinal) || stem.EndsWith("_test", StringComparison.Ordinal) || stem == "conftest",
            ".cs" => stem.EndsWith("Tests", StringComparison.Ordinal) || stem.EndsWith("Test", StringComparison.Ordinal),
            ".java" => stem.EndsWith("Test", StringComparison.Ordinal) || stem.EndsWith("Tests", StringComparison.Ordinal) || stem.EndsWith("IT", StringComparison.Ordinal),
            var e when ScriptExtensions.Contains(e) => stem.EndsWith(".test", StringComparison.OrdinalIgnoreCase) || stem.EndsWith(".spec", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }
}
