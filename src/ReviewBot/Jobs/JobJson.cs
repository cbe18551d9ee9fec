using System.Text.Json.Serialization;

namespace ReviewBot.Jobs;

/// <summary>
/// A job as JSON, the form it takes outside the process (a Redis stream entry). Every job is plain data made at ingest:
/// strings, numbers and lists, no webhook body, so what is read back is the job that was written.
/// </summary>
public static class JobJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A job that names a field it does not have is from another version: refused, never half read.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static string Write(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return JsonSerializer.Serialize(job, Options);
    }

    /// <summary>The job, or a <see cref="JsonException"/> when the text is not one (the kind's request missing, a field of the wrong type).</summary>
    public static Job Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var job = JsonSerializer.Deserialize<Job>(json, Options) ?? throw new JsonException("A job cannot be null.");
        return HasItsRequest(job) ? job : throw new JsonException($"A {job.Kind} job carries no request of its kind.");
    }

    private static bool HasItsRequest(Job job) => job.Kind switch
    {
        JobKind.Review => job.Review is not null,
        JobKind.ResolveRerun => job.Rerun is not null,
        JobKind.Command => job.Command is not null,
        JobKind.Installation => job.Installation is not null,
        JobKind.Agent => job.Agent is not null,
        _ => false,
    };
}
