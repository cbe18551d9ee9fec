using System.Text.Json.Serialization;

namespace ReviewBot.Context.Symbols.Ctags;

/// <summary>
/// One line of ctags' JSON output: a <c>tag</c>, the <c>completed</c> that ends each file in interactive mode,
/// the <c>program</c> banner, or an <c>error</c>, which in interactive mode also carries warnings (<c>"warning": true</c>).
/// </summary>
internal sealed record CtagsMessage(
    [property: JsonPropertyName("_type")] string Type,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("line")] int? Line,
    [property: JsonPropertyName("end")] int? End,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("scopeKind")] string? ScopeKind,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("warning")] bool? Warning);
