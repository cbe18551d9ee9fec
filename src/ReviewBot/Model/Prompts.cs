using System.Collections.Concurrent;

namespace ReviewBot.Model;

/// <summary>Prompt texts are Markdown files embedded in the assembly (Model/Prompts), so they are reviewed like code.</summary>
public static class Prompts
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Get(string name) => Cache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(Prompts).Assembly.GetManifestResourceStream($"ReviewBot.Prompts.{n}.md")
            ?? throw new InvalidOperationException($"The prompt {n} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    });
}
