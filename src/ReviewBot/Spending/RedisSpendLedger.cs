using ReviewBot.Caching;
using StackExchange.Redis;

namespace ReviewBot.Spending;

/// <summary>
/// The ledger in Redis. Each step is one Lua script, so two instances never both take the last room in a budget:
/// counters are INCRBY with PEXPIREAT at the window's end, reservations a sorted set per budget scored by when they lapse.
/// </summary>
public sealed class RedisSpendLedger(RedisConnection redis) : ISpendLedger
{
    /// <summary>KEYS: largest, n counters, n reservation sets. ARGV: now ms, until ms, reservation id, reserve (1/0), n, n limits.</summary>
    internal const string AdmitScript = """
        local now = tonumber(ARGV[1])
        local n = tonumber(ARGV[5])
        local estimate = tonumber(redis.call('GET', KEYS[1]) or '0')
        for i = 1, n do
          local limit = tonumber(ARGV[5 + i])
          if limit > 0 then
            local spent = tonumber(redis.call('GET', KEYS[1 + i]) or '0')
            local held = KEYS[1 + n + i]
            redis.call('ZREMRANGEBYSCORE', held, '-inf', now)
            local reserved = 0
            for _, m in ipairs(redis.call('ZRANGE', held, 0, -1)) do reserved = reserved + tonumber(string.match(m, ':(%d+)$')) end
            if spent + reserved >= limit then return {i, spent, reserved, 0} end
          end
        end
        if ARGV[4] == '1' and estimate > 0 then
          for i = 1, n do
            if tonumber(ARGV[5 + i]) > 0 then
              local held = KEYS[1 + n + i]
              redis.call('ZADD', held, ARGV[2], ARGV[3] .. ':' .. estimate)
              if redis.call('PTTL', held) < tonumber(ARGV[2]) - now then redis.call('PEXPIREAT', held, ARGV[2]) end
            end
          end
        end
        return {0, 0, 0, estimate}
        """;

    /// <summary>KEYS: counters. ARGV: tokens, then each counter's expiry (ms).</summary>
    internal const string AddScript = """
        for i, key in ipairs(KEYS) do
          redis.call('INCRBY', key, ARGV[1])
          redis.call('PEXPIREAT', key, ARGV[i + 1])
        end
        return 0
        """;

    /// <summary>KEYS: largest, reservation sets. ARGV: member, review total, largest's expiry (ms).</summary>
    internal const string ReleaseScript = """
        for i = 2, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
        if tonumber(ARGV[2]) > tonumber(redis.call('GET', KEYS[1]) or '0') then redis.call('SET', KEYS[1], ARGV[2]) end
        redis.call('PEXPIREAT', KEYS[1], ARGV[3])
        return 0
        """;

    public async Task<SpendAdmission> AdmitAsync(IReadOnlyList<SpendBudget> budgets, string largestKey, string reservationId, DateTimeOffset now,
        DateTimeOffset reservedUntil, bool reserve)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        RedisKey[] keys = [Key(largestKey), .. budgets.Select(b => Key(b.Key)), .. budgets.Select(b => Key(Held(b.Key)))];
        RedisValue[] args = [now.ToUnixTimeMilliseconds(), reservedUntil.ToUnixTimeMilliseconds(), reservationId, reserve ? 1 : 0, budgets.Count,
            .. budgets.Select(b => (RedisValue)b.Limit.Tokens)];
        var result = (RedisResult[])(await redis.Database().ScriptEvaluateAsync(AdmitScript, keys, args))!;
        var refused = (int)result[0];
        return new SpendAdmission(refused == 0 ? null : refused - 1, (long)result[1], (long)result[2], (long)result[3]);
    }

    public async Task<IReadOnlyList<long>> SpentAsync(IReadOnlyList<SpendBudget> budgets)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        var values = await redis.Database().StringGetAsync([.. budgets.Select(b => Key(b.Key))]);
        return [.. values.Select(v => v.TryParse(out long n) ? n : 0)];
    }

    public async Task AddAsync(IReadOnlyList<SpendBudget> budgets, long tokens)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        RedisValue[] args = [tokens, .. budgets.Select(b => (RedisValue)b.Resets.ToUnixTimeMilliseconds())];
        await redis.Database().ScriptEvaluateAsync(AddScript, [.. budgets.Select(b => Key(b.Key))], args);
    }

    public async Task ReleaseAsync(IReadOnlyList<SpendBudget> budgets, string largestKey, string member, long reviewTotal, DateTimeOffset largestUntil)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        RedisKey[] keys = [Key(largestKey), .. budgets.Select(b => Key(Held(b.Key)))];
        await redis.Database().ScriptEvaluateAsync(ReleaseScript, keys, [member, reviewTotal, largestUntil.ToUnixTimeMilliseconds()]);
    }

    private static RedisKey Key(string name) => RedisKeys.Spend(name);

    private static string Held(string key) => key + ":held";
}
