namespace ReviewBot.Spending;

/// <summary>
/// The ledger of a single process (no Redis): the same rules as <see cref="RedisSpendLedger"/> under one lock. Spend is
/// lost on restart, as everything in process is; with Redis it is not.
/// </summary>
public sealed class MemorySpendLedger(TimeProvider time) : ISpendLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Value, DateTimeOffset Until)> _values = [];
    private readonly Dictionary<string, Dictionary<string, (long Tokens, DateTimeOffset Until)>> _held = [];

    public Task<SpendAdmission> AdmitAsync(IReadOnlyList<SpendBudget> budgets, string largestKey, string reservationId, DateTimeOffset now,
        DateTimeOffset reservedUntil, bool reserve)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        lock (_gate)
        {
            Prune(now);
            var estimate = Value(largestKey);
            for (var i = 0; i < budgets.Count; i++)
            {
                var budget = budgets[i];
                if (budget.Limit.Tokens <= 0)
                {
                    continue;
                }
                var spent = Value(budget.Key);
                var reserved = Held(budget.Key).Values.Where(h => h.Until > now).Sum(h => h.Tokens);
                if (spent + reserved >= budget.Limit.Tokens)
                {
                    return Task.FromResult(new SpendAdmission(i, spent, reserved, 0));
                }
            }
            if (reserve && estimate > 0)
            {
                foreach (var budget in budgets.Where(b => b.Limit.Tokens > 0))
                {
                    Held(budget.Key)[$"{reservationId}:{estimate}"] = (estimate, reservedUntil);
                }
            }
            return Task.FromResult(new SpendAdmission(null, 0, 0, estimate));
        }
    }

    public Task AddAsync(IReadOnlyList<SpendBudget> budgets, long tokens)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        lock (_gate)
        {
            foreach (var budget in budgets)
            {
                _values[budget.Key] = (Value(budget.Key) + tokens, budget.Resets);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<long>> SpentAsync(IReadOnlyList<SpendBudget> budgets)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<long>>([.. budgets.Select(b => Value(b.Key))]);
        }
    }

    public Task ReleaseAsync(IReadOnlyList<SpendBudget> budgets, string largestKey, string member, long reviewTotal, DateTimeOffset largestUntil)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        lock (_gate)
        {
            foreach (var budget in budgets)
            {
                Held(budget.Key).Remove(member);
            }
            _values[largestKey] = (Math.Max(Value(largestKey), reviewTotal), largestUntil);
        }
        return Task.CompletedTask;
    }

    /// <summary>A counter of a window that ended reads as nothing, as an expired Redis key does.</summary>
    private long Value(string key) => _values.TryGetValue(key, out var v) && v.Until > time.GetUtcNow() ? v.Value : 0;

    private Dictionary<string, (long Tokens, DateTimeOffset Until)> Held(string key)
    {
        if (!_held.TryGetValue(key, out var held))
        {
            _held[key] = held = [];
        }
        return held;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _values.Where(v => v.Value.Until <= now).Select(v => v.Key).ToList())
        {
            _values.Remove(key);
        }
        foreach (var key in _held.Where(h => h.Value.Values.All(r => r.Until <= now)).Select(h => h.Key).ToList())
        {
            _held.Remove(key);
        }
    }
}
