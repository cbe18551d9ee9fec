using System.ClientModel;
using OpenAI.Chat;
using ReviewBot.Telemetry;

namespace ReviewBot.Model;

/// <summary>One call to the chat endpoint, measured: its span, its latency and the tokens the provider reported, by model.</summary>
internal static class ModelCall
{
    public static async Task<ChatCompletion> CompleteAsync(ChatClient chat, string model, IEnumerable<ChatMessage> messages, ChatCompletionOptions options,
        CancellationToken cancellationToken)
    {
        using var activity = ReviewBotTelemetry.Start("model call", System.Diagnostics.ActivityKind.Client);
        activity?.SetTag("gen_ai.request.model", model);
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            var completion = (await chat.CompleteChatAsync(messages, options, cancellationToken)).Value;
            var usage = ModelClient.Usage(completion);
            Metrics.ModelCalled(model, "ok", TimeProvider.System.GetElapsedTime(started), usage.Input, usage.CachedInput, usage.Output);
            activity?.SetTag("gen_ai.usage.input_tokens", usage.Input);
            activity?.SetTag("gen_ai.usage.output_tokens", usage.Output);
            return completion;
        }
        catch (Exception ex)
        {
            // Nothing was reported for a failed call: its latency counts, its tokens are none.
            var outcome = ex switch
            {
                OperationCanceledException => "cancelled",
                ClientResultException { Status: > 0 } refused => $"http-{refused.Status}",
                _ => "error",
            };
            Metrics.ModelCalled(model, outcome, TimeProvider.System.GetElapsedTime(started), 0, 0, 0);
            activity.Fail(outcome);
            throw;
        }
    }
}
