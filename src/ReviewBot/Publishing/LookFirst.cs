using ReviewBot.GitHub;

namespace ReviewBot.Publishing;

/// <summary>
/// Creates something GitHub offers no idempotent way to create (a check run, a review, a comment) without ever making it
/// twice: when a create fails in a way that leaves its outcome unknown (a 5xx, a timeout, a dropped connection: GitHub may
/// have taken the write and only the answer was lost), GitHub is asked for what the create would have made before it is
/// sent again. A refusal (4xx) or a rate limit already waited out is final and thrown as it came.
/// </summary>
public static class LookFirst
{
    public const int Attempts = 3;

    private static readonly object Landed = new();

    /// <summary>For a create whose answer is not needed: <paramref name="landed"/> says whether GitHub has it.</summary>
    public static Task CreateAsync(Func<Task> create, Func<Task<bool>> landed)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(landed);
        return CreateAsync<object>(async () =>
        {
            await create();
            return Landed;
        }, async () => await landed() ? Landed : null);
    }

    public static async Task<T> CreateAsync<T>(Func<Task<T>> create, Func<Task<T?>> find)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(find);
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
                if (!GitHubFailure.NeverSent(ex) && await find() is { } landed)
                {
                    return landed;
                }
                if (attempt == Attempts)
                {
                    throw;
                }
            }
        }
    }
}
