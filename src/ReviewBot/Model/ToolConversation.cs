using System.ClientModel;
using OpenAI.Chat;

namespace ReviewBot.Model;

/// <summary>
/// A chat with function tools (strict argument schemas), kept as the provider sees it. Every message is masked as it is
/// added (<see cref="SecretMasker"/>), tool results included: a file the model reads goes out masked like a prompt does.
/// Made by <see cref="ModelClient.StartConversation"/>; not safe for parallel use.
/// </summary>
public sealed class ToolConversation
{
    private readonly ChatClient _chat;
    private readonly string _model;
    private readonly IReadOnlyList<ModelTool> _tools;
    private ChatCompletionOptions _options;
    private bool _strict = true;
    private readonly List<ChatMessage> _messages = [];
    private readonly SecretTally _masked;

    internal ToolConversation(ChatClient chat, string model, IReadOnlyList<ModelTool> tools, int maxOutputTokens, ModelPrompt prompt, SecretTally masked)
    {
        _chat = chat;
        _model = model;
        _tools = tools;
        _masked = masked;
        _options = Options(maxOutputTokens, strict: true);
        // The stable prefix first (instructions, then the repository's guidance), so the provider's prompt cache hits on it.
        _messages.Add(new SystemChatMessage(Mask(prompt.Instructions)));
        if (!string.IsNullOrWhiteSpace(prompt.Guidance))
        {
            _messages.Add(new SystemChatMessage(Mask(prompt.Guidance)));
        }
        _messages.Add(new UserChatMessage(Mask(prompt.Request)));
    }

    /// <summary>The secrets masked so far in everything this conversation sent or will send.</summary>
    public SecretTally Masked => _masked;

    /// <summary>Whether the tools are still sent with strict schemas (a server that refuses them gets plain ones).</summary>
    public bool Strict => _strict;

    /// <summary>Sends the conversation and adds the answer to it. Outages (the endpoint down after retries) are exceptions.</summary>
    public async Task<ModelTurn> NextAsync(CancellationToken cancellationToken)
    {
        ChatCompletion completion;
        try
        {
            completion = await ModelCall.CompleteAsync(_chat, _model, _messages, _options, cancellationToken);
        }
        catch (ClientResultException ex) when (_strict && ex.Status == 400 && ex.Message.Contains("strict", StringComparison.OrdinalIgnoreCase))
        {
            // Some local servers refuse strict function schemas; the tools check every argument anyway.
            _strict = false;
            _options = Options(_options.MaxOutputTokenCount, strict: false);
            completion = await ModelCall.CompleteAsync(_chat, _model, _messages, _options, cancellationToken);
        }
        var usage = ModelClient.Usage(completion);
        await TokenMeter.SpentAsync(usage);
        if (!ModelClient.HasChoice(completion))
        {
            return new ModelTurn([], "", null, usage);
        }
        var text = string.Concat(completion.Content.Select(p => p.Text));
        var calls = completion.ToolCalls
            .Where(c => c.Kind == ChatToolCallKind.Function)
            .Select(c => new ModelToolCall(c.Id, c.FunctionName ?? "", c.FunctionArguments?.ToString() ?? ""))
            .ToList();
        _messages.Add(calls.Count > 0
            ? new AssistantChatMessage(calls.Select(c => ChatToolCall.CreateFunctionToolCall(c.Id, c.Name, BinaryData.FromString(Mask(c.Arguments)))))
            : new AssistantChatMessage(Mask(string.IsNullOrEmpty(text) ? "(no answer)" : text)));
        return new ModelTurn(calls, text, completion.FinishReason.ToString(), usage);
    }

    /// <summary>The answer to one tool call; every call of a turn needs one before the next turn.</summary>
    public void AddToolResult(string callId, string result)
    {
        ArgumentNullException.ThrowIfNull(callId);
        _messages.Add(new ToolChatMessage(callId, Mask(result)));
    }

    public void AddUserMessage(string text) => _messages.Add(new UserChatMessage(Mask(text)));

    private ChatCompletionOptions Options(int? maxOutputTokens, bool strict)
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = maxOutputTokens, ToolChoice = ChatToolChoice.CreateAutoChoice() };
        foreach (var tool in _tools)
        {
            options.Tools.Add(ChatTool.CreateFunctionTool(tool.Name, tool.Description, BinaryData.FromString(tool.ParametersSchema),
                functionSchemaIsStrict: strict ? true : null));
        }
        return options;
    }

    private string Mask(string text)
    {
        var result = SecretMasker.Mask(text ?? "");
        _masked.Add(result.Secrets);
        return result.Text;
    }
}
