namespace ReviewBot.Model;

/// <summary>A named JSON schema for structured output (strict mode: every property required, no extra properties).</summary>
public sealed record ModelSchema(string Name, string Description, string Json);
