using System.Text.RegularExpressions;

namespace ReviewBot.Evaluation;

/// <summary>
/// Reading a benchmark's files strictly: a wrong type, a null, a missing field or a file too large is one
/// <see cref="BenchmarkInputException"/> (exit 2, like a wrong command line) naming the file and the entry, never a crash and never a silently skipped case.
/// </summary>
internal static partial class BenchmarkInput
{
    /// <summary>Martian's whole set is under a megabyte; anything past this is not a benchmark file.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    public static byte[] ReadBytes(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new BenchmarkInputException($"{path}: no such file.");
        }
        if (info.Length > MaxFileBytes)
        {
            throw new BenchmarkInputException($"{path}: {info.Length:N0} bytes is more than a benchmark file can be ({MaxFileBytes:N0}).");
        }
        return File.ReadAllBytes(path);
    }

    /// <summary>A text file (JSONL, a list), refused when it is not UTF-8 rather than read with replacement characters.</summary>
    public static string ReadText(string path)
    {
        var bytes = ReadBytes(path);
        return System.Text.Unicode.Utf8.IsValid(bytes)
            ? System.Text.Encoding.UTF8.GetString(bytes)
            : throw new BenchmarkInputException($"{path}: not valid UTF-8 text.");
    }

    /// <summary>Parses JSON; invalid JSON or invalid UTF-8 is an error naming the file (and the line, as the parser reports it).</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> json, string where)
    {
        // The parser checks the structure, not the text inside strings: bad bytes would surface later, as a crash.
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            throw new BenchmarkInputException($"{where}: not valid UTF-8 text.");
        }
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new BenchmarkInputException($"{where}: not valid JSON ({ex.Message.Split('\n')[0].Trim()})");
        }
        catch (ArgumentException ex)
        {
            throw new BenchmarkInputException($"{where}: not valid UTF-8 JSON ({ex.Message.Split('\n')[0].Trim()})");
        }
    }

    public static string RequiredString(JsonElement entry, string name, string where) =>
        OptionalString(entry, name, where) is { Length: > 0 } value
            ? value
            : throw new BenchmarkInputException($"{where}: '{name}' is missing or empty; it must be a string.");

    public static string? OptionalString(JsonElement entry, string name, string where)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!.Trim()
            : throw new BenchmarkInputException($"{where}: '{name}' must be a string, not {Kind(value)}.");
    }

    public static int? OptionalInt(JsonElement entry, string name, string where)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0
            ? n
            : throw new BenchmarkInputException($"{where}: '{name}' must be a positive whole number, not {Kind(value)}.");
    }

    public static void RequireObject(JsonElement entry, string where)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new BenchmarkInputException($"{where}: must be a JSON object, not {Kind(entry)}.");
        }
    }

    public static JsonElement RequiredArray(JsonElement entry, string name, string where)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new BenchmarkInputException($"{where}: '{name}' is missing; it must be an array.");
        }
        return value.ValueKind == JsonValueKind.Array ? value : throw new BenchmarkInputException($"{where}: '{name}' must be an array, not {Kind(value)}.");
    }

    /// <summary>owner/name and the number of a pull request's web address (any host: GitHub Enterprise too).</summary>
    public static (string Repository, int Number) PullRequest(string url, string where)
    {
        var match = PullUrl().Match(url);
        if (!match.Success || !int.TryParse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            throw new BenchmarkInputException($"{where}: '{url}' is not a pull request's address (https://HOST/OWNER/NAME/pull/N).");
        }
        return ($"{match.Groups[1].Value}/{match.Groups[2].Value}", number);
    }

    public static bool IsRepository(string text) => RepositoryName().IsMatch(text);

    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString(),
    };

    [GeneratedRegex(@"^https?://[^/\s]+/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)/pull/(\d+)/?$")]
    private static partial Regex PullUrl();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]
    private static partial Regex RepositoryName();
}
