using ReviewBot.GitHub;

namespace ReviewBot.Publishing;

/// <summary>
/// Creates something GitHub offers no idempotent way to create (a check run, a review, a comment) without ever making it
/// twice: when a create fails in a way that leaves its outcome unknown (a 5xx, a timeout, a dropped connection: GitHub may
/// have taken the write and only the answer was lost), GitHub is asked for what the create would have made before it is
/// sent again. A refusal (4xx) or a rate limit already waited out is final and thrown as it came. When GitHub cannot be
/// asked (no way to look, or the look fails too), the outcome stays unknown and nothing is sent again
/// (<see cref="UnknownOutcomeException"/>). A write that timed out may still be on its way: it is looked for again after
/// <see cref="SettleDelay"/> before it is sent again (seen: a slow create listed only after the look, then made twice).
/// </summary>
public static class LookFirst
{
    public const int Attempts = 3;

    private static readonly object Landed = new();

    /// <summary>For a create whose answer is not needed: <paramref name="landed"/> says whether GitHub has it (null: cannot tell).</summary>
    public static Task CreateAsync(Func<Task> create, Func<Task<bool>>? landed)
    {
        ArgumentNullException.ThrowIfNull(create);
        return CreateAsync<object>(async () =>
        {
            await create();
            return Landed;
        }, landed is null ? null : async () => await landed() ? Landed : null);
    }

    /// <param name="find">What the create would have made, if GitHub has it; null when there is no way to look.</param>
    public static async Task<T> CreateAsync<T>(Func<Task<T>> create, Func<Task<T?>>? find)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await create();
            }
            // A cancellation is the caller's to handle; Polly's timeouts come as TimeoutRejectedException.
            catch (Exception ex) when (GitHubFailure.IsTransient(ex) && ex is not OperationCanceledException)
            {
                // Even after the last attempt: the write may have landed, and then it is no failure at all.
                if (!GitHubFailure.NeverSent(ex) && await FindAsync(find, ex) is { } landed)
                {
                    return landed;
                }
                // A write that timed out may still be in flight (GitHub has it, and lists it a moment later): a second look
                // after it settled, before it is sent again. A 5xx was an answer, so nothing is in flight then.
                if (InFlight(ex))
                {
                    await Task.Delay(SettleDelay);
                    if (await FindAsync(find, ex) is { } settled)
                    {
                        return settled;
                    }
                }
                if (attempt == Attempts)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>How long a write that timed out is given to land before it is looked for again (settable for tests).</summary>
    public static TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(3);

    private static bool InFlight(Exception ex) => ex is Polly.Timeout.TimeoutRejectedException or TaskCanceledException or TimeoutException;

    private static async Task<T?> FindAsync<T>(Func<Task<T?>>? find, Exception lost)
        where T : class
    {
        if (find is null)
        {
            throw new UnknownOutcomeException($"A write's answer was lost ({GitHubFailure.Describe(lost)}) and there is no way to look for it", lost);
        }

        try
        {
            return await find();
        }
        catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex) && ex is not OperationCanceledException)
        {
            throw new UnknownOutcomeException($"A write's answer was lost ({GitHubFailure.Describe(lost)}) and looking for it failed too ({GitHubFailure.Describe(ex)})", lost);
        }
    }
}
