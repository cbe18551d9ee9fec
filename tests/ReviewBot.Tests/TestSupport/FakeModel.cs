using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// A scripted OpenAI-compatible chat completions server on loopback. Each request takes the next scripted reply (or the
/// default one); every request body is recorded so tests can read what the bot sent.
/// </summary>
public sealed class FakeModel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<JsonObject, FakeModelReply>> _script = new();
    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private readonly ConcurrentQueue<string> _bodies = new();

    private FakeModel(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<JsonObject> Requests => [.. _requests];

    /// <summary>Every request body exactly as it arrived.</summary>
    public IReadOnlyList<string> Bodies => [.. _bodies];

    /// <summary>Servers like older vLLM or Ollama builds: a strict json_schema response format is a 400.</summary>
    public bool RejectJsonSchema { get; set; }

    /// <summary>Servers that take function tools but not strict schemas for them: a tool with "strict": true is a 400.</summary>
    public bool RejectStrictTools { get; set; }

    public Func<JsonObject, FakeModelReply> Default { get; set; } = _ => FakeModelReply.Review("matches", "Does what it says.");

    public static async Task<FakeModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeModel(app);
        app.MapPost("/v1/chat/completions", fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return fake;
    }

    public FakeModel Then(FakeModelReply reply) => Then(_ => reply);

    public FakeModel Then(Func<JsonObject, FakeModelReply> reply)
    {
        _script.Enqueue(reply);
        return this;
    }

    /// <summary>Settings that point the bot at this server.</summary>
    public Dictionary<string, string?> Settings(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Model:Endpoint"] = Endpoint.ToString(),
            ["Model:Name"] = "fake-model",
            ["Model:ApiKey"] = "sk-test-key-for-the-fake-model",
            ["Model:Resilience:Retry:Delay"] = "00:00:00.010",
        };
        foreach (var (k, v) in more ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }
        return settings;
    }

    /// <summary>The text of all messages of a recorded request, joined (an assistant message with only tool calls has none).</summary>
    public static string Prompt(JsonObject request) =>
        string.Join("\n", request["messages"]!.AsArray().Select(m => Text(m!["content"])).Where(t => t is not null));

    /// <summary>The tool results (role "tool") of a recorded request, in order: the call id each answers, and its text.</summary>
    public static IReadOnlyList<(string CallId, string Content)> ToolResults(JsonObject request) =>
        request["messages"]!.AsArray()
            .Where(m => m!["role"]!.GetValue<string>() == "tool")
            .Select(m => (m!["tool_call_id"]!.GetValue<string>(), Text(m["content"]) ?? ""))
            .ToList();

    /// <summary>A message's content as the SDK sends it: a string, or an array of text parts.</summary>
    private static string? Text(JsonNode? content) => content switch
    {
        null => null,
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
        _ => content.GetValue<string>(),
    };

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        _bodies.Enqueue(body);
        var request = JsonNode.Parse(body)!.AsObject();
        _requests.Enqueue(request);
        if (RejectJsonSchema && request["response_format"]?["type"]?.GetValue<string>() == "json_schema")
        {
            await Write(context, FakeModelReply.Error(400, "response_format 'json_schema' is not supported by this server"));
            return;
        }
        if (RejectStrictTools && request["tools"]?.AsArray().Any(t => t?["function"]?["strict"]?.GetValue<bool>() == true) == true)
        {
            await Write(context, FakeModelReply.Error(400, "tools[0].function.strict is not supported by this server"));
            return;
        }
        var reply = _script.TryDequeue(out var next) ? next(request) : Default(request);
        await Write(context, reply);
    }

    private static async Task Write(HttpContext context, FakeModelReply reply)
    {
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One scripted answer of the fake model.</summary>
public sealed record FakeModelReply(int Status, string Body, IReadOnlyDictionary<string, string> Headers)
{
    private static int _calls;

    /// <summary>How long the server waits before it answers (a stalled model); the client giving up ends the wait.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>
    /// An assistant message that calls tools, in the wire shape of OpenAI's Chat Completions (content null, tool_calls with
    /// ids, arguments as a JSON string, finish_reason "tool_calls"). Arguments are sent as given, so they may be broken.
    /// </summary>
    public static FakeModelReply ToolCalls(IEnumerable<(string Name, string Arguments)> calls, int promptTokens = 1200, int cachedTokens = 1000,
        int completionTokens = 60) =>
        Completion(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["refusal"] = null,
            ["tool_calls"] = new JsonArray(calls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = $"call_{Interlocked.Increment(ref _calls):D6}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
            }).ToArray()),
        }, "tool_calls", promptTokens, cachedTokens, completionTokens);

    /// <summary>One tool call whose arguments are the JSON of <paramref name="arguments"/> (an anonymous object, say).</summary>
    public static FakeModelReply Call(string name, object arguments, int promptTokens = 1200, int completionTokens = 60) =>
        ToolCalls([(name, JsonSerializer.Serialize(arguments))], promptTokens, completionTokens: completionTokens);

    public static FakeModelReply Content(string content, string finishReason = "stop", string? refusal = null, int promptTokens = 1200,
        int cachedTokens = 1000, int completionTokens = 150) =>
        Completion(new JsonObject { ["role"] = "assistant", ["content"] = refusal is null ? content : null, ["refusal"] = refusal },
            finishReason, promptTokens, cachedTokens, completionTokens);

    private static FakeModelReply Completion(JsonObject message, string finishReason, int promptTokens, int cachedTokens, int completionTokens) =>
        new(200, new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1_764_000_000,
            ["model"] = "fake-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = finishReason,
                ["logprobs"] = null,
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
                ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cachedTokens },
            },
        }.ToJsonString(), new Dictionary<string, string>());

    public static FakeModelReply Review(string verdict, string explanation, params JsonObject[] findings) =>
        Content(new JsonObject
        {
            ["intent"] = new JsonObject { ["verdict"] = verdict, ["explanation"] = explanation },
            ["findings"] = new JsonArray(findings.Select(f => (JsonNode)f.DeepClone()).ToArray()),
        }.ToJsonString());

    public static FakeModelReply Error(int status, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["code"] = null },
        }.ToJsonString(), headers ?? new Dictionary<string, string>());

    /// <summary>A finding as the model writes it.</summary>
    public static JsonObject Finding(string path, int startLine, int endLine, string priority, double confidence, string title,
        string explanation, (string Path, int Line, string Quote)[] evidence, string? replacement = null, string side = "head") =>
        new()
        {
            ["path"] = path,
            ["side"] = side,
            ["startLine"] = startLine,
            ["endLine"] = endLine,
            ["priority"] = priority,
            ["confidence"] = confidence,
            ["title"] = title,
            ["explanation"] = explanation,
            ["evidence"] = new JsonArray(evidence.Select(e => (JsonNode)new JsonObject
            {
                ["path"] = e.Path,
                ["line"] = e.Line,
                ["side"] = side,
                ["quote"] = e.Quote,
            }).ToArray()),
            ["replacement"] = replacement,
        };
}
