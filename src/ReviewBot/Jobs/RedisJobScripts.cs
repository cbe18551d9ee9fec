namespace ReviewBot.Jobs;

/// <summary>
/// The queue's steps that must be atomic across instances, as Lua run inside Redis: each is one round trip, and no other
/// instance sees a state between its parts (a job added but not yet marked queued, a lease taken but its installation
/// slot not).
/// </summary>
internal static class RedisJobScripts
{
    /// <summary>
    /// KEYS: stream, job state, head. ARGV: job id, json, is review, head sha, forced, retention ms, max queued, job state
    /// prefix, wake channel. Returns finished, coalesced, full or queued. A review moves the head unless it is forced and
    /// of another commit (a Re-run of an older one): that one is no newer head, so it remembers the head it came after
    /// (field after:ID) and runs beside that head's review; only a head newer than that supersedes it.
    /// </summary>
    public const string Enqueue = """
        local state = redis.call('GET', KEYS[2])
        if state == 'done' then return 'finished' end
        if state == 'queued' or state == 'running' then return 'coalesced' end
        local head = {}
        if ARGV[3] == '1' then head = redis.call('HMGET', KEYS[3], 'sha', 'job') end
        if ARGV[3] == '1' and ARGV[5] == '0' and head[1] == ARGV[4] and head[2] then
          local other = redis.call('GET', ARGV[8] .. head[2])
          if other == 'queued' or other == 'running' then return 'coalesced' end
        end
        if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[7]) then return 'full' end
        if ARGV[3] == '1' then
          if ARGV[5] == '0' or not head[1] or head[1] == ARGV[4] then
            redis.call('HSET', KEYS[3], 'sha', ARGV[4], 'job', ARGV[1])
          else
            redis.call('HSET', KEYS[3], 'after:' .. ARGV[1], head[1])
          end
          redis.call('PEXPIRE', KEYS[3], ARGV[6])
        end
        redis.call('XADD', KEYS[1], '*', 'job', ARGV[2])
        redis.call('SET', KEYS[2], 'queued', 'PX', ARGV[6])
        redis.call('PUBLISH', ARGV[9], '1')
        return 'queued'
        """;

    /// <summary>
    /// KEYS: lease, fence, installation running, job state, head. ARGV: worker, lease ms, max per installation, key, job id,
    /// is review, retention ms. Returns {token, 'ok', head sha it runs beside ('' for its own)}, {0, 'held'},
    /// {0, 'installation'}, {0, 'superseded'} or {0, 'finished'} (another instance that held the same entry ran it to its
    /// end meanwhile).
    /// </summary>
    public const string Acquire = """
        local state = redis.call('GET', KEYS[4])
        if state == 'done' or state == 'dead' then return {0, 'finished'} end
        local after = false
        if ARGV[6] == '1' then
          local head = redis.call('HMGET', KEYS[5], 'sha', 'job', 'after:' .. ARGV[5])
          after = head[3]
          if (after and head[1] ~= after) or (not after and head[2] and head[2] ~= ARGV[5]) then
            redis.call('HDEL', KEYS[5], 'after:' .. ARGV[5])
            return {0, 'superseded'}
          end
        end
        if redis.call('EXISTS', KEYS[1]) == 1 then return {0, 'held'} end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        if tonumber(ARGV[3]) > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
          if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[3]) then return {0, 'installation'} end
        end
        redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), ARGV[4])
        redis.call('PEXPIRE', KEYS[3], ARGV[2])
        local token = redis.call('INCR', KEYS[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[7])
        redis.call('SET', KEYS[1], token .. ':' .. ARGV[1], 'PX', ARGV[2])
        redis.call('SET', KEYS[4], 'running', 'PX', ARGV[7])
        return {token, 'ok', after or ''}
        """;

    /// <summary>
    /// KEYS: lease, installation running, head. ARGV: holder, lease ms, key, the head sha a review runs for or beside (''
    /// when not a review). Returns ok, lost (another holder has it), or superseded:SHA. A lease that expired unclaimed (a long outage, a stalled
    /// heartbeat) is still this holder's: it is set again rather than given up.
    /// </summary>
    public const string Renew = """
        local holder = redis.call('GET', KEYS[1])
        if holder and holder ~= ARGV[1] then return 'lost' end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        if ARGV[4] ~= '' then
          local sha = redis.call('HGET', KEYS[3], 'sha')
          if sha and sha ~= ARGV[4] then return 'superseded:' .. sha end
        end
        return 'ok'
        """;

    /// <summary>KEYS: lease. ARGV: holder. Returns 1 unless another holder has the lease (one that expired unclaimed is still ours).</summary>
    public const string Holds = "local h = redis.call('GET', KEYS[1]) if not h or h == ARGV[1] then return 1 end return 0";

    /// <summary>
    /// Ends a lease and its stream entry. KEYS: stream, lease, installation running, job state, target stream. ARGV: group,
    /// entry id, holder ('' when no lease was taken), key, retention ms, new state, json to add to the target ('' for none),
    /// wake channel ('' for no wake-up). Returns ok, or lost when another holder has the lease (then nothing is changed); a
    /// lease that expired unclaimed is still this holder's. The acknowledgement goes first: if the group is gone (a Redis
    /// that lost its data) the script fails before it changed anything.
    /// </summary>
    public const string End = """
        if ARGV[3] ~= '' then
          local holder = redis.call('GET', KEYS[2])
          if holder and holder ~= ARGV[3] then return 'lost' end
        end
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        if ARGV[3] ~= '' then
          redis.call('DEL', KEYS[2])
          redis.call('ZREM', KEYS[3], ARGV[4])
        end
        redis.call('XDEL', KEYS[1], ARGV[2])
        redis.call('SET', KEYS[4], ARGV[6], 'PX', ARGV[5])
        if ARGV[7] ~= '' then
          redis.call('XADD', KEYS[5], '*', 'job', ARGV[7])
          if ARGV[8] ~= '' then redis.call('PUBLISH', ARGV[8], '1') end
        end
        return 'ok'
        """;

    /// <summary>
    /// KEYS: stream. ARGV: group, this worker, idle ms. Deletes the group's other consumers that hold no pending entry and
    /// were idle longer than that; returns how many. One script, so that no consumer takes an entry between the look and
    /// the delete (DELCONSUMER drops what a consumer holds).
    /// </summary>
    public const string DeleteIdleConsumers = """
        local removed = 0
        for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local f = {}
          for i = 1, #c, 2 do f[c[i]] = c[i + 1] end
          if f['name'] ~= ARGV[2] and tonumber(f['pending']) == 0 and tonumber(f['idle']) > tonumber(ARGV[3]) then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], f['name'])
            removed = removed + 1
          end
        end
        return removed
        """;
}
