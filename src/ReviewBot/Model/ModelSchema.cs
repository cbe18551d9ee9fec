namespace ReviewBot.Model;

/// <summary>A named JSON schema for structured output (strict mode: every property required, no extra properties).</summary>
public sealed record ModelSchema(string Name, string Description, string Json)
{
    /// <summary>
    /// Why <paramref name="answer"/> does not fit the top level of the schema (not an object, a required property missing
    /// or null where the schema does not allow null), or null when it fits. Servers in JSON mode, and some in strict mode,
    /// do not enforce the schema: an answer without a required part is not an answer, though it deserializes.
    /// </summary>
    public string? Misfit(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object)
        {
            return $"the answer is a JSON {answer.ValueKind.ToString().ToLowerInvariant()}, not an object";
        }
        // Parsed per answer, not cached: a schema is small next to a model call, and `with` would carry a stale cache.
        var missing = RequiredOf(Json).Where(name => !HasValue(answer, name)).ToList();
        return missing.Count == 0 ? null : $"the answer has no {string.Join(", ", missing.Select(m => $"'{m}'"))}";
    }

    // The answer is read case-insensitively (JsonSerializerDefaults.Web), so the check is too.
    private static bool HasValue(JsonElement answer, string name) =>
        answer.EnumerateObject().Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind != JsonValueKind.Null);

    // Required and not nullable ("type": ["string", "null"] is how strict mode spells optional).
    private static List<string> RequiredOf(string json)
    {
        using var schema = JsonDocument.Parse(json);
        var root = schema.RootElement;
        if (!root.TryGetProperty("required", out var required) || required.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        root.TryGetProperty("properties", out var properties);
        return required.EnumerateArray().Select(r => r.GetString()!)
            .Where(name => !(properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var p) && AllowsNull(p)))
            .ToList();
    }

    private static bool AllowsNull(JsonElement property) =>
        property.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array
        && type.EnumerateArray().Any(t => t.GetString() == "null");
}
