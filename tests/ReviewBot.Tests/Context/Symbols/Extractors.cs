using ReviewBot.Context.Symbols;

namespace ReviewBot.Tests.Context.Symbols;

/// <summary>Builds the extractor a parameterised fixture runs against; the ctags one is skipped where ctags is missing, except on CI.</summary>
public static class Extractors
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static async Task<ISymbolExtractor> CreateAsync(ExtractorKind kind)
    {
        if (kind == ExtractorKind.Fallback)
        {
            return new FallbackSymbolExtractor();
        }

        var extractor = await SymbolExtractors.CreateAsync(null, CancellationToken.None);
        if (extractor.IsFallback)
        {
            // CI installs universal-ctags (.ci/test.sh); elsewhere a missing ctags only skips these cases.
            Assert.That(IsCi, Is.False, "CI=true but universal-ctags with json and interactive is not on the PATH");
            Assert.Ignore("universal-ctags is not installed");
        }

        return extractor;
    }
}
