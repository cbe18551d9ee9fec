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
        // Every field is written, nulls too. A job that names a field it does not have is from another version: refused,
        // never half read. So is one that leaves out a field, or holds null where the type says there is always a value.
        // The optional fields (DeliveryId, TraceParent, QueuedAt) may be left out: a job queued before they existed reads with none.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
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
        // The routing fields (key, number, head, forced) must be the ones its request gives, as made at ingest: a job whose
        // key disagrees with its pull request would be serialised with the wrong work.
        var remade = Remade(job) ?? throw new JsonException($"A {job.Kind} job must carry exactly one request, of its kind.");
        // Where it came from and when it was queued are not routing fields: carried as they were written.
        remade = remade with { DeliveryId = job.DeliveryId, TraceParent = job.TraceParent, QueuedAt = job.QueuedAt };
        return remade == job ? job : throw new JsonException($"The {job.Kind} job's routing fields do not match its request.");
    }

    private static Job? Remade(Job job)
    {
        object?[] requests = [job.Review, job.Rerun, job.Command, job.Installation, job.Agent];
        if (requests.Count(r => r is not null) != 1)
        {
            return null;
        }
        return job switch
        {
            { Kind: JobKind.Review, Review: { } r } => Job.ForReview(job.Id, r),
            { Kind: JobKind.ResolveRerun, Rerun: { } r } => Job.ForRerun(job.Id, r),
            { Kind: JobKind.Command, Command: { } c } => Job.ForCommand(job.Id, c),
            { Kind: JobKind.Installation, Installation: { } i } => Job.ForInstallation(job.Id, i),
            { Kind: JobKind.Agent, Agent: { } a } => Job.ForAgent(job.Id, a),
            _ => null,
        };
    }
}
