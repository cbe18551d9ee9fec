using Octokit;

namespace ReviewBot.GitHub;

/// <summary>
/// The App's own account on GitHub, <c>&lt;slug&gt;[bot]</c>: the only author whose markers count, so that another bot
/// (or a person) cannot mark a pull request as reviewed or a finding as said. The slug comes from <c>GET /app</c> with the
/// App's JWT, once per process: it cannot change while the App runs. When GitHub does not say, no account is the bot's
/// (a review may then be said twice, but nobody can silence one), and the slug is asked for again after a pause, not on
/// every review.
/// </summary>
public sealed partial class BotAccount(OctokitClients clients, TimeProvider time, ILogger<BotAccount> logger)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private string? _login;
    private Task<string?>? _asking;
    private DateTimeOffset? _failedAt;
    private bool _warned;

    /// <summary>The bot's login, or null when GitHub could not tell (then nothing counts as the bot's).</summary>
    public Task<string?> LoginAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_login is not null || (_failedAt is { } failed && time.GetUtcNow() - failed < RetryAfter))
            {
                return Task.FromResult(_login);
            }
            // One question at a time, shared by every review waiting for it; a review that is cancelled stops waiting only.
            if (_asking is null or { IsCompleted: true })
            {
                _asking = AskAsync();
            }
            return _asking.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The login if it was learned already; never asks GitHub (for the webhook's ack path).</summary>
    public string? KnownLogin
    {
        get
        {
            lock (_lock)
            {
                return _login;
            }
        }
    }

    /// <summary>True when the account wrote it: the same login (GitHub compares logins without case) and a bot.</summary>
    public static bool Wrote(string? login, User? user) =>
        login is not null && user?.Type == AccountType.Bot && string.Equals(user.Login, login, StringComparison.OrdinalIgnoreCase);

    private async Task<string?> AskAsync()
    {
        try
        {
            var app = await clients.CreateAppClient().GitHubApps.GetCurrent();
            if (string.IsNullOrWhiteSpace(app.Slug))
            {
                throw new InvalidOperationException("GET /app answered without a slug");
            }
            var login = $"{app.Slug}[bot]";
            Log.Learned(logger, login);
            lock (_lock)
            {
                _login = login;
                _asking = null;
            }
            return login;
        }
        // Whatever the failure (GitHub, the network, the App's key), the review goes on and trusts no marker.
        catch (Exception ex)
        {
            lock (_lock)
            {
                _failedAt = time.GetUtcNow();
                _asking = null;
                if (_warned)
                {
                    return null;
                }
                _warned = true;
            }
            Log.Unknown(logger, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 453, Level = LogLevel.Information, Message = "ReviewBot's account on GitHub is {Login}; only its markers count")]
        public static partial void Learned(ILogger logger, string login);

        [LoggerMessage(EventId = 454, Level = LogLevel.Warning, Message = "Could not learn ReviewBot's account from GET /app ({Error}: {Reason}); no marker counts, so reviews may be said again, until it is known")]
        public static partial void Unknown(ILogger logger, string error, string reason);
    }
}
