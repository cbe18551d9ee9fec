using ReviewBot.Jobs;

namespace ReviewBot.Webhooks;

public sealed partial class WebhookRouter
{
    /// <summary>Thrown inside routing only, to turn "a handled event lacks a field" into a 400 with the field's name.</summary>
    private sealed class MissingFieldException(string message) : Exception(message);

    /// <summary>Path-based reads over the raw payload ("pull_request.head.sha").</summary>
    private readonly record struct Payload(string Event, string DeliveryId, string Body, JsonElement Root)
    {
        public bool Has(string path) => TryGet(path, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

        public string RequiredString(string path) =>
            TryGet(path, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : throw Missing(path, "a string");

        public int RequiredInt(string path) =>
            TryGet(path, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : throw Missing(path, "an integer");

        public long RequiredLong(string path) =>
            TryGet(path, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : throw Missing(path, "an integer");

        public string? OptionalString(string path) =>
            TryGet(path, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        public bool? OptionalBool(string path) =>
            TryGet(path, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

        public IReadOnlyList<int> PullRequestNumbers(string path)
        {
            if (!TryGet(path, out var array) || array.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return array.EnumerateArray()
                .Where(pr => pr.ValueKind == JsonValueKind.Object && pr.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.Number)
                .Select(pr => pr.GetProperty("number").GetInt32())
                .Distinct()
                .ToList();
        }

        public WebhookRoute.Enqueue One(JobKind kind, string key, int? number, string? headSha, bool forced, string action) =>
            new([Job(0, kind, key, number, headSha, forced, action)]);

        public Job Job(int index, JobKind kind, string key, int? number, string? headSha, bool forced, string action) =>
            new(index == 0 ? DeliveryId : $"{DeliveryId}/{index}", kind, key, number, headSha, forced, new WebhookDelivery(DeliveryId, Event, action, Body));

        private bool TryGet(string path, out JsonElement value)
        {
            value = Root;
            foreach (var segment in path.Split('.'))
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value))
                {
                    return false;
                }
            }

            return true;
        }

        private MissingFieldException Missing(string path, string kind) =>
            new($"{Event} payload is missing {path} ({kind}).");
    }
}
