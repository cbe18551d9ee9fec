namespace ReviewBot.GitHub;

/// <summary>
/// Which GitHub calls may be sent again after a transient failure. Reads (GET, HEAD, OPTIONS) always may. A write may
/// when it is marked safe to repeat: a check run's status update (sending it twice leaves the run as once), the token
/// mint (a second token does no harm), a GraphQL query or the resolving of a thread. A create is never marked: it is
/// made idempotent by looking for what it would have made before it is sent again (see <c>Publishing.LookFirst</c>).
/// </summary>
public static class GitHubRequests
{
    /// <summary>Set on a request built by hand (GraphQL) that may be sent again.</summary>
    public static readonly HttpRequestOptionsKey<bool> SafeToRepeat = new("ReviewBot.SafeToRepeat");

    private static readonly AsyncLocal<bool> Repeatable = new();

    /// <summary>
    /// Marks the calls made inside the scope (through Octokit, which builds its own requests) as safe to repeat.
    /// <code>using (GitHubRequests.SafeToRepeatScope()) await client.Check.Run.Update(...);</code>
    /// </summary>
    public static IDisposable SafeToRepeatScope()
    {
        var outer = Repeatable.Value;
        Repeatable.Value = true;
        return new Restore(outer);
    }

    public static bool IsSafeToRepeat(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
            || (request.Options.TryGetValue(SafeToRepeat, out var marked) && marked)
            || Repeatable.Value;
    }

    private sealed class Restore(bool outer) : IDisposable
    {
        public void Dispose() => Repeatable.Value = outer;
    }
}
