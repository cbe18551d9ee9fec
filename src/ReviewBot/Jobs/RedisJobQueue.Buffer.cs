using System.Globalization;
using ReviewBot.Caching;
using StackExchange.Redis;

namespace ReviewBot.Jobs;

/// <summary>
/// What this instance holds unstarted, and in which order it tries it. Only a key's first entry is tried; its later
/// entries wait behind it here, in order, so many jobs on one busy pull request take one place and others' jobs go on.
/// Among the entries that can start, the installation with the fewest jobs running here goes first, and when every one
/// of them is of an installation that already runs here, the worker looks past them in the stream for another's job.
/// </summary>
public sealed partial class RedisJobQueue
{
    /// <summary>How far past the busy installations' backlog a free worker looks for another installation's job.</summary>
    private const int Lookahead = 256;

    // Where the last look ahead that found only busy installations' jobs ended: the next goes on from there, so an entry
    // (which may carry a long comment) is fetched for a look once, not at every poll.
    private RedisValue _lookedUpTo = "0-0";

    /// <summary>Each key's first entry that may be tried now: the installation with the fewest jobs running here first, oldest first among equals.</summary>
    private List<Entry> Ready()
    {
        var now = time.GetUtcNow();
        var running = RunningByInstallation();
        lock (_lock)
        {
            return FirstOfEachKey()
                .Select((entry, order) => (entry, order))
                .Where(e => e.entry.NextTry <= now)
                .OrderBy(e => running.GetValueOrDefault(e.entry.Job!.InstallationId ?? -1))
                .ThenBy(e => e.order)
                .Select(e => e.entry)
                .ToList();
        }
    }

    /// <summary>Reads new entries while fewer than <see cref="BufferSize"/> keys have one here (and the buffer is under its limit).</summary>
    private async Task ReadNewAsync(IDatabase db)
    {
        while (true)
        {
            int room;
            lock (_lock)
            {
                room = Math.Min(BufferSize - FirstOfEachKey().Count, BufferLimit - _buffer.Count);
            }
            if (room <= 0)
            {
                return;
            }
            var read = await db.StreamReadGroupAsync(RedisKeys.Jobs, RedisKeys.JobGroup, Worker, StreamPosition.NewMessages, room);
            if (read.Length == 0)
            {
                return;
            }
            foreach (var raw in read)
            {
                await AdmitAsync(raw, attempts: 1);
            }
        }
    }

    /// <summary>
    /// When every entry that could start is of an installation that already runs a job here, looks at the entries no
    /// worker has read yet, and if another installation's job is among them, reads up to it and gives the busy
    /// installations' entries before it back to the end of the stream (as Jobs:MaxPerInstallation does), so one
    /// installation's 200 jobs do not keep another's waiting. A key's entries beyond that point may then pass the ones
    /// given back: order within a key is best effort here, as it is between instances.
    /// </summary>
    private async Task ReadPastBusyInstallationsAsync(IDatabase db)
    {
        var busy = RunningByInstallation().Keys.ToHashSet();
        if (busy.Count == 0 || Ready().Any(e => !busy.Contains(e.Job!.InstallationId ?? -1)))
        {
            return;
        }
        var group = (await db.StreamGroupInfoAsync(RedisKeys.Jobs)).FirstOrDefault(g => g.Name == RedisKeys.JobGroup);
        if (group.Name is null)
        {
            return;
        }
        RedisValue delivered = group.LastDeliveredId;
        var from = IsAfter(_lookedUpTo, delivered) ? _lookedUpTo : delivered;
        var ahead = await db.StreamRangeAsync(RedisKeys.Jobs, $"({from}", "+", Lookahead);
        var other = Array.FindIndex(ahead, e => TryRead(e) is not { } job || !busy.Contains(job.InstallationId ?? -1));
        if (other < 0)
        {
            _lookedUpTo = ahead.Length > 0 ? ahead[^1].Id : from;
            return;
        }
        var target = ahead[other].Id;
        // Read up to it (in steps, as other instances read too), giving the busy installations' entries back on the way.
        for (var read = 0; read < Lookahead * 2;)
        {
            var step = await db.StreamReadGroupAsync(RedisKeys.Jobs, RedisKeys.JobGroup, Worker, StreamPosition.NewMessages, 32);
            if (step.Length == 0)
            {
                return;
            }
            foreach (var raw in step)
            {
                // Past the other installation's job, what the step read is taken in order, as any read is.
                if (TryRead(raw) is { } job && busy.Contains(job.InstallationId ?? -1) && !IsAfter(raw.Id, target))
                {
                    await EndAsync(new Entry(raw.Id, job, (string)raw["job"]!), null, EndKind.Rotate);
                }
                else
                {
                    await AdmitAsync(raw, attempts: 1);
                }
            }
            read += step.Length;
            if (!IsAfter(target, step[^1].Id))
            {
                return;
            }
        }
    }

    /// <summary>Whether stream id <paramref name="a"/> comes after <paramref name="b"/> (ids are "milliseconds-sequence").</summary>
    private static bool IsAfter(RedisValue a, RedisValue b)
    {
        static (long, long) Parse(RedisValue id)
        {
            var parts = ((string)id!).Split('-');
            return (long.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : 0);
        }
        return Parse(a).CompareTo(Parse(b)) > 0;
    }

    /// <summary>The entry's job; null when it is not one (admitting it sends it to the dead letters).</summary>
    private static Job? TryRead(StreamEntry raw)
    {
        try
        {
            return JobJson.Read((string?)raw["job"] ?? "");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Dictionary<long, int> RunningByInstallation() =>
        _held.Values.GroupBy(h => h.Lease.Job.InstallationId ?? -1).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The first buffered entry of each key, in buffer order; call under the lock.</summary>
    private List<Entry> FirstOfEachKey()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        return _buffer.Where(e => keys.Add(e.Job!.Key)).ToList();
    }

    /// <summary>The entry (already out of the buffer) and the later buffered entries of its key, taken out too, in order.</summary>
    private List<Entry> WithFollowers(Entry entry)
    {
        lock (_lock)
        {
            var followers = _buffer.Where(e => e.Job!.Key == entry.Job!.Key).ToList();
            _buffer.RemoveAll(followers.Contains);
            return [entry, .. followers];
        }
    }
}
