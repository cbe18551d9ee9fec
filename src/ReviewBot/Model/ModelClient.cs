using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;

namespace ReviewBot.Model;

/// <summary>
/// Structured calls to any OpenAI-compatible chat endpoint through the official SDK. The SDK's own retries are off: the
/// "model" HttpClient's Polly pipeline retries 429 and 5xx (honouring Retry-After), times attempts out and breaks the
/// circuit. A strict JSON schema is asked for first; a server that rejects it is asked for plain JSON from then on, and
/// an answer that is not valid JSON is repaired or asked for once more. Every message is masked here, just before it is
/// sent (<see cref="SecretMasker"/>): whatever a caller put into a prompt, no secret of a known shape leaves the process.
/// </summary>
public sealed partial class ModelClient
{
    public const string HttpClientName = "model";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    private readonly ModelOptions _options;
    private readonly ILogger<ModelClient> _logger;
    private readonly Lazy<OpenAIClient> _client;
    private volatile bool _schemaUnsupported;

    /// <remarks>
    /// Nothing here throws: a service without a model still builds everything that depends on this client (the review job
    /// says what to configure), and the first call is where a missing endpoint is an error.
    /// </remarks>
    public ModelClient(IOptions<ModelOptions> options, IHttpClientFactory httpClients, ILogger<ModelClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClients);
        _options = options.Value;
        _logger = logger;
        _schemaUnsupported = _options.OutputMode == ModelOutputMode.JsonObject;
        _client = new(() => Create(_options, httpClients));
    }

    private static OpenAIClient Create(ModelOptions options, IHttpClientFactory httpClients) => new(
        // Local servers (Ollama, vLLM) take any key; the SDK insists on a non-empty one.
        new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "not-needed" : options.ApiKey),
        new OpenAIClientOptions
        {
            Endpoint = options.Endpoint ?? throw new InvalidOperationException("Model:Endpoint is not set."),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),
            UserAgentApplicationId = "ReviewBot",
        });

    public string ModelName => _options.Name!;

    /// <summary>
    /// Asks <paramref name="model"/> (default: the configured one) for a JSON object of <paramref name="schema"/>. The
    /// secrets masked in the prompt are added to <paramref name="masked"/> before anything is sent, so they count even when
    /// the call then fails.
    /// </summary>
    public async Task<ModelAnswer<T>> CompleteAsync<T>(ModelPrompt prompt, ModelSchema schema, CancellationToken cancellationToken,
        string? model = null, SecretTally? masked = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(schema);
        var name = string.IsNullOrWhiteSpace(model) ? ModelName : model;
        var chat = _client.Value.GetChatClient(name);
        var found = new List<MaskedSecret>();
        var messages = Messages(prompt, schema, found);
        masked?.Add(found);
        var usage = TokenUsage.None;
        string? failure = null;
        string? finish = null;

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var (completion, mode) = await CallAsync(chat, name, messages, schema, cancellationToken);
            var spent = Usage(completion);
            usage += spent;
            await TokenMeter.SpentAsync(spent);
            if (!HasChoice(completion))
            {
                return new(null, "the model sent no choices", usage, mode, null);
            }
            finish = completion.FinishReason.ToString();
            var text = completion.Content.Count > 0 ? string.Concat(completion.Content.Select(p => p.Text)) : "";

            if (!string.IsNullOrWhiteSpace(completion.Refusal))
            {
                return new(null, $"the model refused: {Trim(completion.Refusal)}", usage, mode, finish);
            }
            if (completion.FinishReason == ChatFinishReason.Length)
            {
                // A cut-off object is not evidence of anything; asking again would cut off at the same place.
                return new(null, $"the answer was cut off at the output limit ({_options.MaxOutputTokens} tokens)", usage, mode, finish);
            }
            if (completion.FinishReason == ChatFinishReason.ContentFilter)
            {
                return new(null, "the provider's content filter stopped the answer", usage, mode, finish);
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                failure = "the model gave an empty answer";
            }
            else if (TryParse<T>(text, schema, out var value, out var error))
            {
                return new(value, null, usage, mode, finish);
            }
            else
            {
                failure = $"the answer was not valid JSON for the schema ({error})";
                messages.Add(new AssistantChatMessage(SecretMasker.Mask(Trim(text, 4_000)).Text));
            }

            Log.Retrying(_logger, failure, attempt);
            messages.Add(new UserChatMessage(
                $"Your previous answer could not be used: {failure}. Answer again with only one JSON object that follows the schema {schema.Name}."));
        }
        return new(null, failure, usage, _schemaUnsupported ? "json_object" : "json_schema", finish);
    }

    private async Task<(ChatCompletion Completion, string Mode)> CallAsync(ChatClient chat, string model, List<ChatMessage> messages, ModelSchema schema,
        CancellationToken cancellationToken)
    {
        if (!_schemaUnsupported)
        {
            try
            {
                var strict = Options(ChatResponseFormat.CreateJsonSchemaFormat(schema.Name, BinaryData.FromString(schema.Json),
                    schema.Description, jsonSchemaIsStrict: true));
                return (await ModelCall.CompleteAsync(chat, model, messages, strict, cancellationToken), "json_schema");
            }
            catch (ClientResultException ex) when (ex.Status == 400 && _options.OutputMode == ModelOutputMode.Auto && MentionsFormat(ex))
            {
                _schemaUnsupported = true;
                Log.SchemaUnsupported(_logger, _options.Endpoint!.Host, Trim(ex.Message, 300));
            }
        }
        var plain = Options(ChatResponseFormat.CreateJsonObjectFormat());
        return (await ModelCall.CompleteAsync(chat, model, messages, plain, cancellationToken), "json_object");
    }

    private ChatCompletionOptions Options(ChatResponseFormat format) => new()
    {
        ResponseFormat = format,
        MaxOutputTokenCount = _options.MaxOutputTokens,
    };

    private static List<ChatMessage> Messages(ModelPrompt prompt, ModelSchema schema, List<MaskedSecret> found)
    {
        string Masked(string text)
        {
            var result = SecretMasker.Mask(text);
            found.AddRange(result.Secrets);
            return result.Text;
        }

        // The schema goes into the instructions too: servers in JSON mode see no schema otherwise.
        var system = Masked($"{prompt.Instructions}\n\n## Answer format\nAnswer with one JSON object that validates against this JSON schema ({schema.Name}):\n```json\n{schema.Json}\n```\n");
        List<ChatMessage> messages = [new SystemChatMessage(system)];
        if (!string.IsNullOrWhiteSpace(prompt.Guidance))
        {
            messages.Add(new SystemChatMessage(Masked(prompt.Guidance)));
        }
        messages.Add(new UserChatMessage(Masked(prompt.Request)));
        return messages;
    }

    internal static bool TryParse<T>(string text, ModelSchema schema, out T? value, out string? error) where T : class
    {
        value = null;
        error = null;
        foreach (var candidate in new[] { text, JsonRepair.ExtractObject(text) })
        {
            if (candidate is null)
            {
                continue;
            }
            try
            {
                var answer = JsonSerializer.Deserialize<JsonElement>(candidate, Json);
                if (schema.Misfit(answer) is { } misfit)
                {
                    error = misfit;
                    continue;
                }
                value = answer.Deserialize<T>(Json);
                if (value is not null)
                {
                    return true;
                }
                error = "null";
            }
            catch (JsonException ex)
            {
                error = Trim(ex.Message, 200);
            }
        }
        return false;
    }

    /// <summary>
    /// A conversation in which the model calls <paramref name="tools"/> (strict schemas) until its caller stops it. It
    /// masks every message it sends, tool results included; <paramref name="masked"/> collects what it masked.
    /// </summary>
    public ToolConversation StartConversation(ModelPrompt prompt, IReadOnlyList<ModelTool> tools, string? model = null, SecretTally? masked = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(tools);
        var name = string.IsNullOrWhiteSpace(model) ? ModelName : model;
        return new ToolConversation(_client.Value.GetChatClient(name), name, tools, _options.MaxOutputTokens, prompt, masked ?? new SecretTally());
    }

    /// <summary>The SDK reads the first choice on every property access and throws when a server sent none.</summary>
    internal static bool HasChoice(ChatCompletion completion)
    {
        try
        {
            _ = completion.FinishReason;
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    internal static TokenUsage Usage(ChatCompletion completion) => completion.Usage is { } u
        ? new TokenUsage(u.InputTokenCount, u.InputTokenDetails?.CachedTokenCount ?? 0, u.OutputTokenCount, 1)
        : new TokenUsage(0, 0, 0, 1);

    private static bool MentionsFormat(ClientResultException ex) =>
        ex.Message.Contains("response_format", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("json_schema", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("schema", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("strict", StringComparison.OrdinalIgnoreCase);

    private static string Trim(string text, int max = 500) => text.Length <= max ? text : text[..max] + "…";

    private static partial class Log
    {
        [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "The model endpoint {Host} does not take strict JSON schemas ({Reason}); using JSON mode with repair from now on")]
        public static partial void SchemaUnsupported(ILogger logger, string host, string reason);

        [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "Model answer unusable ({Failure}), attempt {Attempt}")]
        public static partial void Retrying(ILogger logger, string failure, int attempt);
    }
}
