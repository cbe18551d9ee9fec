using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ReviewBot.Cli;

/// <summary>
/// A review's progress for a person at a terminal: model calls answered and running, and the tokens the answers
/// report, rewritten in place on one line of standard error. It watches the model's HTTP client, so the engine knows
/// nothing of it; each call is one part of the change (or a retry of one, or the second opinion).
/// </summary>
public sealed class ReviewProgress(TextWriter writer)
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _running;
    private int _answered;
    private long _inputTokens;
    private long _outputTokens;
    private int _shownLength;

    /// <summary>Shown only when standard error is a terminal: redirected, it would be noise in a log or a file.</summary>
    public static bool Wanted(TextWriter error) => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>A handler for the model's client; the client factory makes a new one whenever it renews its handlers.</summary>
    public DelegatingHandler CreateHandler() => new Watcher(this);

    /// <summary>Clears the progress line, so the result and any message start on a clean line.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_shownLength > 0)
            {
                writer.Write("\r" + new string(' ', _shownLength) + "\r");
                writer.Flush();
                _shownLength = 0;
            }
        }
    }

    private void Update(int running, int answered, (long Input, long Output)? usage)
    {
        lock (_lock)
        {
            _running += running;
            _answered += answered;
            _inputTokens += usage?.Input ?? 0;
            _outputTokens += usage?.Output ?? 0;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"reviewing: {_answered} model answer(s), {_running} running, tokens {_inputTokens} in / {_outputTokens} out, {_clock.Elapsed.TotalSeconds:0} s");
            writer.Write("\r" + line.PadRight(_shownLength));
            writer.Flush();
            _shownLength = Math.Max(_shownLength, line.Length);
        }
    }

    /// <summary>The <c>usage</c> of an OpenAI-style answer; the body is buffered, so the SDK still reads all of it.</summary>
    private static async Task<(long, long)?> UsageAsync(HttpResponseMessage? response, CancellationToken cancellationToken)
    {
        if (response is not { IsSuccessStatusCode: true } || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var usage = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?["usage"];
            return (usage?["prompt_tokens"]?.GetValue<long>() ?? 0, usage?["completion_tokens"]?.GetValue<long>() ?? 0);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // An answer whose usage cannot be read still counts as an answer; the engine says what is wrong with it.
            return null;
        }
    }

    private sealed class Watcher(ReviewProgress progress) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            progress.Update(running: +1, answered: 0, usage: null);
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
                return response;
            }
            finally
            {
                progress.Update(running: -1, answered: response?.IsSuccessStatusCode == true ? 1 : 0, usage: await UsageAsync(response, cancellationToken));
            }
        }
    }
}
