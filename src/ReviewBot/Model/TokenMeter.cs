namespace ReviewBot.Model;

/// <summary>
/// Hands the tokens of every model call, as the provider reported them, to whoever started the work. The model client
/// does not know whose work a call is (an installation's repository, for spend limits), so the caller attributes it for
/// the calls made inside a scope. Reported per call rather than per review, so a crash loses at most the call in flight.
/// </summary>
public static class TokenMeter
{
    private static readonly AsyncLocal<Func<TokenUsage, ValueTask>?> Sink = new();

    /// <summary>Sends the usage of the model calls made in this async flow to <paramref name="sink"/> until disposed.</summary>
    public static IDisposable Attribute(Func<TokenUsage, ValueTask> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var previous = Sink.Value;
        Sink.Value = sink;
        return new Scope(previous);
    }

    internal static ValueTask SpentAsync(TokenUsage usage) => Sink.Value is { } sink ? sink(usage) : ValueTask.CompletedTask;

    private sealed class Scope(Func<TokenUsage, ValueTask>? previous) : IDisposable
    {
        public void Dispose() => Sink.Value = previous;
    }
}
