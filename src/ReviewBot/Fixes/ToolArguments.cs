namespace ReviewBot.Fixes;

/// <summary>
/// Reads a tool call's arguments. Strict schemas make a good provider send the right shape, but a small or local model
/// may not, so every argument is checked here and a misfit becomes an error the model can act on.
/// </summary>
public sealed class ToolArguments
{
    private readonly JsonElement _root;

    private ToolArguments(JsonElement root) => _root = root;

    public static ToolArguments? Parse(string json, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = $"the arguments must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}";
                return null;
            }
            return new ToolArguments(document.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            error = $"the arguments are not JSON ({ex.Message})";
            return null;
        }
    }

    /// <summary>The canonical form of the arguments, so two calls that differ only in spacing or key order count as the same.</summary>
    public string Canonical => string.Join('\u0001', _root.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
        .Select(p => p.Name + "=" + p.Value.GetRawText()));

    public string? Text(string name, out string? error)
    {
        error = null;
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            error = $"\"{name}\" must be a string";
            return null;
        }
        return value.GetString();
    }

    /// <summary>An optional whole number: missing or null gives null; anything else that is not an integer is an error.</summary>
    public int? OptionalInt(string name, out string? error)
    {
        error = null;
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            error = $"\"{name}\" must be a whole number or null";
            return null;
        }
        return number;
    }
}
