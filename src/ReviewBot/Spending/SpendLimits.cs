using ReviewBot.Model;

namespace ReviewBot.Spending;

/// <summary>
/// The token budgets of <see cref="SpendOptions"/>. A review asks before it calls the model (<see cref="StartAsync"/>)
/// and is refused, as a value, when a limited budget is already spent; one that starts spends on its ticket, call by
/// call, so what it spends counts even when it fails half-way or the process dies after a call.
/// </summary>
public sealed partial class SpendLimits(ISpendLedger ledger, IOptions<SpendOptions> options, TimeProvider time, ILogger<SpendLimits> logger)
{
    /// <summary>How long a repository's largest review is remembered as the share a starting review holds.</summary>
    private static readonly TimeSpan LargestKept = TimeSpan.FromDays(32);

    /// <summary>Asks to start a review: admitted with a ticket to spend on (dispose it when the review ends), or refused.</summary>
    public Task<SpendDecision> StartAsync(SpendAccount account) => DecideAsync(account, reserve: true);

    /// <summary>What <see cref="StartAsync"/> would say now, holding nothing: for a command's reply.</summary>
    public Task<SpendDecision> PeekAsync(SpendAccount account) => DecideAsync(account, reserve: false);

    /// <summary>
    /// A ticket for work that is counted but neither refused nor holding a share (a fix, an explanation: a person with
    /// write access asked for it, and its tokens must not pass for a review's size).
    /// </summary>
    public SpendTicket Count(SpendAccount account) => new(this, account, member: null, reservation: 0);

    private async Task<SpendDecision> DecideAsync(SpendAccount account, bool reserve)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = time.GetUtcNow();
        var budgets = Budgets(account, now);
        var member = "";
        var reservation = 0L;
        if (budgets.Any(b => b.Limit.Tokens > 0))
        {
            var id = Guid.NewGuid().ToString("N");
            var admission = await ledger.AdmitAsync(budgets, LargestKey(account), id, now, now + options.Value.ReservationLifetime, reserve);
            if (admission.Refused is { } index)
            {
                var budget = budgets[index];
                Log.Refused(logger, account.Owner, account.Repository, budget.Limit.Describe(), budget.Limit.Tokens, admission.Spent, admission.Reserved);
                return new SpendDecision(budget.Limit, admission.Spent, admission.Reserved, budget.Resets, null);
            }
            (member, reservation) = ($"{id}:{admission.Reservation}", admission.Reservation);
        }
        return SpendDecision.Admit(reserve ? new SpendTicket(this, account, member, reservation) : null);
    }

    /// <summary>Each limited budget of <paramref name="account"/> with what it has spent in its current window, for the status page.</summary>
    public async Task<IReadOnlyList<SpendStanding>> StandingAsync(SpendAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var budgets = Budgets(account, time.GetUtcNow()).Where(b => b.Limit.Tokens > 0).ToList();
        if (budgets.Count == 0)
        {
            return [];
        }
        var spent = await ledger.SpentAsync(budgets);
        return [.. budgets.Select((b, i) => new SpendStanding(account, b.Limit, spent[i], b.Resets))];
    }

    /// <summary>True when any limit is set.</summary>
    public bool HasLimits =>
        options.Value.InstallationTokensPerDay > 0 || options.Value.InstallationTokensPerMonth > 0
        || options.Value.RepositoryTokensPerDay > 0 || options.Value.RepositoryTokensPerMonth > 0;

    /// <summary>Adds a model call's tokens to every window they fall in now. An outage loses this call's count, never the review.</summary>
    internal async ValueTask RecordAsync(SpendAccount account, long tokens)
    {
        if (tokens <= 0)
        {
            return;
        }
        try
        {
            await ledger.AddAsync(Budgets(account, time.GetUtcNow()), tokens);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            Log.NotCounted(logger, account.Owner, account.Repository, tokens, ex.Message);
        }
    }

    /// <summary>Drops the review's hold on the budgets; a failure leaves it to lapse at the end of its lifetime.</summary>
    internal async ValueTask ReleaseAsync(SpendAccount account, string member, long total)
    {
        var now = time.GetUtcNow();
        try
        {
            await ledger.ReleaseAsync(Budgets(account, now).Where(b => b.Limit.Tokens > 0).ToList(), LargestKey(account), member, total, now + LargestKept);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            Log.NotReleased(logger, account.Owner, account.Repository, ex.Message);
        }
    }

    /// <summary>Every window the account counts in (limited or not, so a limit set later finds the month's spend), in check order.</summary>
    private List<SpendBudget> Budgets(SpendAccount account, DateTimeOffset now)
    {
        var o = options.Value;
        var limits = new[]
        {
            new SpendLimit(SpendScope.Installation, SpendPeriod.Day, o.InstallationTokensPerDay),
            new SpendLimit(SpendScope.Installation, SpendPeriod.Month, o.InstallationTokensPerMonth),
            new SpendLimit(SpendScope.Repository, SpendPeriod.Day, o.RepositoryTokensPerDay),
            new SpendLimit(SpendScope.Repository, SpendPeriod.Month, o.RepositoryTokensPerMonth),
        };
        return limits
            .Where(l => account.Key(l.Scope) is not null)
            .Select(l => new SpendBudget(l, $"{account.Key(l.Scope)}:{l.Period.ToString().ToLowerInvariant()}:{l.WindowName(now)}", l.Window(now).End))
            .ToList();
    }

    private static string LargestKey(SpendAccount account) => $"{account.Key(SpendScope.Repository)}:largest";

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Not reviewing {Owner}/{Repository}: {Limit} of {Limit_Tokens} tokens is reached ({Spent} spent, {Reserved} held by reviews in progress)")]
        public static partial void Refused(ILogger logger, string owner, string repository, string limit, long limit_Tokens, long spent, long reserved);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Could not count {Tokens} model tokens of {Owner}/{Repository} against its spend limits: {Reason}")]
        public static partial void NotCounted(ILogger logger, string owner, string repository, long tokens, string reason);

        [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Could not release a review's hold on the spend limits of {Owner}/{Repository} ({Reason}); it lapses on its own")]
        public static partial void NotReleased(ILogger logger, string owner, string repository, string reason);
    }
}
