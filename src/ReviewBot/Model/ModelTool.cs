namespace ReviewBot.Model;

/// <summary>A function the model may call: its name, what it does, and a strict JSON schema of its arguments.</summary>
public sealed record ModelTool(string Name, string Description, string ParametersSchema);

/// <summary>One call the model asked for: the provider's call id (the result must carry it back), the tool, and its raw arguments.</summary>
public sealed record ModelToolCall(string Id, string Name, string Arguments);

/// <summary>One answer in a tool conversation: the calls asked for (none when the model only wrote text), its text, and what it cost.</summary>
public sealed record ModelTurn(IReadOnlyList<ModelToolCall> ToolCalls, string Text, string? FinishReason, TokenUsage Usage);
