using System.Text.Json.Serialization;

namespace ReviewBot.Context.Symbols.Ctags;

/// <summary>The interactive-mode request that precedes each file's bytes on ctags' standard input.</summary>
internal sealed record CtagsRequest(
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("filename")] string FileName,
    [property: JsonPropertyName("size")] int Size);
