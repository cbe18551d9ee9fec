using System.Diagnostics;

namespace ReviewBot.Jobs;

/// <summary>What every log line and the span of a job say about it: repository, pull request, head commit, delivery and job id.</summary>
public static class JobScope
{
    /// <summary>
    /// A list of pairs, which every logger provider reads as named values (the console's scopes, JSON's "Scopes" object);
    /// its <see cref="object.ToString"/> is what the simple console formatter prints.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> Of(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new Fields(
        [
            new("Repository", job.Repository),
            new("PullRequest", job.Number),
            new("HeadSha", job.HeadSha),
            new("DeliveryId", job.DeliveryId),
            new("JobId", job.Id),
        ]);
    }

    /// <summary>The same fields as span attributes (ids, not metric labels: a trace may carry them).</summary>
    public static void Tag(Activity? activity, Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }
        activity.SetTag("reviewbot.job.kind", job.Kind.ToString());
        foreach (var (key, value) in Of(job))
        {
            activity.SetTag("reviewbot." + key, value);
        }
    }

    private sealed class Fields(KeyValuePair<string, object?>[] fields) : List<KeyValuePair<string, object?>>(fields)
    {
        public override string ToString() => string.Join(", ", this.Where(f => f.Value is not null).Select(f => $"{f.Key}:{f.Value}"));
    }
}
