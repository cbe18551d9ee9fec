using ReviewBot.Caching;
using StackExchange.Redis;

namespace ReviewBot.Jobs;

/// <summary>How a job's entry leaves the stream: done, given back, rotated behind other installations' work, or dead.</summary>
public sealed partial class RedisJobQueue
{
    private void OnEnd(Held held, bool finished)
    {
        if (held.Lease.IsLost)
        {
            _held.TryRemove(held.Entry.Id.ToString(), out _);
        }
        else
        {
            // Still held (and renewed by the heartbeat) until its end is written, so an outage at this moment does not
            // let another instance take over and run again what finished here.
            Track(EndHeldAsync(held, finished ? EndKind.Done : EndKind.GiveBack));
        }
        held.Lease.Dispose();
        _wake.Writer.TryWrite(true);
    }

    private async Task EndHeldAsync(Held held, EndKind kind)
    {
        try
        {
            await EndAsync(held.Entry, held.Holder, kind);
        }
        finally
        {
            _held.TryRemove(held.Entry.Id.ToString(), out _);
        }
    }

    private void Track(Task task)
    {
        _ending[task] = 0;
        _ = task.ContinueWith(t => _ending.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>
    /// Acknowledges an entry: done (its id remembered as finished), given back (added again at the end of the stream) or
    /// dead. Retried through a short outage; if Redis stays away, the entry stays pending and is taken over later, where a
    /// finished review is found on GitHub and not repeated.
    /// </summary>
    private async Task EndAsync(Entry entry, string? holder, EndKind kind)
    {
        var (state, target, json, wake) = kind switch
        {
            EndKind.Done => ("done", RedisKeys.Jobs, "", ""),
            EndKind.GiveBack => ("queued", RedisKeys.Jobs, entry.Json, RedisKeys.JobsWake),
            EndKind.Rotate => ("queued", RedisKeys.Jobs, entry.Json, ""),
            _ => ("dead", RedisKeys.DeadJobs, entry.Json, ""),
        };
        var id = entry.Job?.Id ?? $"unreadable-{entry.Id}";
        var key = entry.Job?.Key ?? "";
        var started = time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = (string?)await redis.Database().ScriptEvaluateAsync(RedisJobScripts.End,
                    [RedisKeys.Jobs, RedisKeys.Lease(key), RedisKeys.InstallationRunning(entry.Job?.InstallationId), RedisKeys.JobState(id), target],
                    [RedisKeys.JobGroup, entry.Id, holder ?? "", key, RetentionMs, state, json, wake]);
                if (result == "lost")
                {
                    Log.LostAtEnd(logger, id, key);
                }
                return;
            }
            catch (Exception ex) when ((ex is RedisException or TimeoutException) && time.GetElapsedTime(started) < Options.VisibilityTimeout * 3)
            {
                // While this goes on the heartbeat keeps the lease and the entry, so nobody else runs the job meanwhile.
                redis.ReportFailure("acknowledging a job", ex);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), time);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Log.EndNotWritten(logger, id, key, ex.Message);
                return;
            }
        }
    }

    public sealed class Entry(RedisValue id, Job? job, string json)
    {
        public RedisValue Id { get; } = id;

        public Job? Job { get; } = job;

        public string Json { get; } = json;

        public DateTimeOffset NextTry { get; set; }
    }

    public sealed record Held(Entry Entry, JobLease Lease, string Holder)
    {
        /// <summary>When the lease was last renewed (a <see cref="TimeProvider"/> timestamp).</summary>
        public long Renewed { get; set; }

        /// <summary>The head commit whose review this is, or beside which it runs (a forced review of an older one): a newer one supersedes it.</summary>
        public string? Head { get; init; }
    }

    private enum EndKind
    {
        Done,
        GiveBack,
        Rotate,
        Dead,
    }
}
