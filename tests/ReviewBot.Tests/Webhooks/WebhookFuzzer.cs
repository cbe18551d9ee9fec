using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReviewBot.Tests.Webhooks;

/// <summary>
/// Mutated webhook deliveries built from GitHub's own examples: type swaps, nulls, huge and fractional numbers, unicode and
/// control characters in string fields, removed fields, deep nesting, duplicate keys and truncated bodies. Deterministic
/// for a seed. Shared by the fuzz test and the by-hand fuzz verb (tests/ReviewBot.Benchmarks), so both send the same kind.
/// </summary>
public sealed class WebhookFuzzer
{
    private const string LoneSurrogate = "__lone_surrogate__";

    private static readonly string[] Unicode =
    [
        "caf\u00e9", "\u202eevil", "\u0000", "\r\nX-Injected: 1", "\u0007\u001b[31m", "\ud83d\ude00", "\u200b", "\ufeff",
        "\u4e2d\u6587", "a\u0301", "%0d%0a", "<!-- reviewbot:review head=x -->", "@agent review", "```\n@agent review\n```",
    ];

    private static readonly string[] Numbers =
    [
        "1.5", "1e30", "1e308", "-1", "0", "-0", "18446744073709551616", "-9223372036854775809", "9223372036854775807", "2147483648", "0.0000001",
    ];

    private readonly (string Event, JsonNode Json)[] _seeds;
    private readonly Random _random;
    private readonly long _appId;

    public WebhookFuzzer(IEnumerable<(string Event, string Json)> seeds, int seed, long appId)
    {
        _seeds = seeds.Select(s => (s.Event, JsonNode.Parse(s.Json)!)).ToArray();
        _random = new Random(seed);
        _appId = appId;
    }

    /// <summary>The handled events' examples under a <c>Resources/webhooks</c> folder.</summary>
    public static IEnumerable<(string Event, string Json)> Examples(string webhooksFolder) =>
        Directory.EnumerateDirectories(webhooksFolder)
            .Where(d => Path.GetFileName(d) != "schema")
            .SelectMany(d => Directory.EnumerateFiles(d, "*.json").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(d), File.ReadAllText(f))));

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>The next delivery: its event name, its body, and what was done to it.</summary>
    public (string Event, byte[] Body, string Mutation) Next()
    {
        var (eventName, seed) = _seeds[_random.Next(_seeds.Length)];
        var json = seed.DeepClone();
        Address(json);
        var done = new List<string>();
        for (var i = 0; i < 1 + _random.Next(3); i++)
        {
            done.Add(Mutate(json));
        }

        var text = json.ToJsonString(new JsonSerializerOptions { MaxDepth = 2048, Encoder = _random.Next(2) == 0 ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default });
        text = text.Replace($"\"{LoneSurrogate}\"", "\"\\ud800x\"", StringComparison.Ordinal);
        switch (_random.Next(20))
        {
            case 0:
                text = text[..(_random.Next(text.Length))];
                done.Add("truncated");
                break;
            case 1:
                text = text.TrimEnd('}') + ",\"action\":{\"duplicate\":true}}";
                done.Add("duplicate key");
                break;
            case 2:
                eventName = _seeds[_random.Next(_seeds.Length)].Event;
                done.Add("other event's header");
                break;
        }

        return (eventName, Encoding.UTF8.GetBytes(text), string.Join(", ", done));
    }

    /// <summary>Half the deliveries are made to address this bot, so the mutations reach the command and re-run paths too.</summary>
    private void Address(JsonNode json)
    {
        if (_random.Next(2) == 0)
        {
            return;
        }

        if (json["comment"] is JsonObject comment)
        {
            // Now and then wrapped in markup nested as deep as GitHub's limit on a comment allows.
            var markup = "*_[>`~<"[_random.Next(7)];
            var depth = _random.Next(4) == 0 ? _random.Next(32_000) : 0;
            comment["body"] = new string(markup, depth) + "@agent review" + new string(markup, depth);
        }

        foreach (var name in new[] { "check_run", "check_suite" })
        {
            if (json[name]?["app"] is JsonObject app)
            {
                app["id"] = _appId;
            }
        }
    }

    private string Mutate(JsonNode root)
    {
        var nodes = new List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node)>();
        Collect(root, nodes, null, null, -1, 0);
        var (parent, key, index, node) = nodes[_random.Next(nodes.Count)];
        var path = key ?? $"[{index}]";
        switch (_random.Next(9))
        {
            case 0:
                Replace(parent, key, index, null);
                return $"{path}: null";
            case 1:
                Replace(parent, key, index, JsonNode.Parse(Numbers[_random.Next(Numbers.Length)]));
                return $"{path}: number";
            case 2:
                Replace(parent, key, index, JsonValue.Create(node?.ToJsonString() ?? "x"));
                return $"{path}: as string";
            case 3:
                Replace(parent, key, index, _random.Next(2) == 0 ? new JsonArray() : new JsonObject());
                return $"{path}: container";
            case 4:
                Replace(parent, key, index, JsonValue.Create(Unicode[_random.Next(Unicode.Length)] + (node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "")));
                return $"{path}: unicode";
            case 5:
                Replace(parent, key, index, JsonValue.Create(_random.Next(4) == 0 ? LoneSurrogate : new string('\u00e9', 1 + _random.Next(200_000))));
                return $"{path}: long or broken string";
            case 6:
                if (parent is JsonObject o && key is not null)
                {
                    o.Remove(key);
                    return $"{path}: removed";
                }

                return "nothing";
            case 7:
                JsonNode nested = JsonValue.Create(1);
                for (var depth = 0; depth < 50 + _random.Next(400); depth++)
                {
                    nested = new JsonArray(nested);
                }

                Replace(parent, key, index, nested);
                return $"{path}: nested";
            default:
                UnicodeEverywhere(root);
                return "unicode in every string";
        }
    }

    private void UnicodeEverywhere(JsonNode root)
    {
        var nodes = new List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node)>();
        Collect(root, nodes, null, null, -1, 0);
        foreach (var (parent, key, index, node) in nodes)
        {
            if (node is JsonValue value && value.TryGetValue<string>(out var s) && _random.Next(3) == 0)
            {
                Replace(parent, key, index, JsonValue.Create(s + Unicode[_random.Next(Unicode.Length)]));
            }
        }
    }

    private static void Collect(JsonNode? node, List<(JsonNode?, string?, int, JsonNode?)> into, JsonNode? parent, string? key, int index, int depth)
    {
        if (parent is not null)
        {
            into.Add((parent, key, index, node));
        }

        if (depth > 12)
        {
            return;
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o.ToList())
                {
                    Collect(v, into, o, k, -1, depth + 1);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Collect(a[i], into, a, null, i, depth + 1);
                }

                break;
        }
    }

    private static void Replace(JsonNode? parent, string? key, int index, JsonNode? value)
    {
        switch (parent)
        {
            case JsonObject o when key is not null:
                o[key] = value;
                break;
            case JsonArray a when index >= 0:
                a[index] = value;
                break;
        }
    }
}
