using System.Text;

namespace ReviewBot.Fixes;

/// <summary>The tools that only look: list, read, search.</summary>
public sealed partial class FixTools
{
    private const int MaxReadBytes = 16 * 1024 * 1024;
    private const int MaxLineChars = 2_000;

    private async Task<FixToolResult> ListAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var prefix = arguments.Text("path_prefix", out var error);
        if (prefix is null)
        {
            return FixToolResult.BadCall(error!);
        }
        var result = await git.RunAsync(task.Worktree,
            ["-c", "core.quotePath=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            return FixToolResult.Failed($"git ls-files failed: {Trim(result.StandardError.Trim(), 300)}");
        }
        var files = result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => f.StartsWith(prefix.TrimStart('/'), StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return FixToolResult.Done(files.Count == 0
            ? $"No files start with \"{prefix}\"."
            : Cap($"{files.Count} files:\n{string.Join('\n', files)}"));
    }

    private FixToolResult Read(ToolArguments arguments)
    {
        var path = arguments.Text("path", out var error);
        var start = error is null ? arguments.OptionalInt("start_line", out error) : null;
        var end = error is null ? arguments.OptionalInt("end_line", out error) : null;
        if (path is null || error is not null)
        {
            return FixToolResult.BadCall(error!);
        }
        if (WorktreePaths.Refuse(task.Worktree, path, allowWorkflows: true, out var full) is { } refusal)
        {
            return FixToolResult.Failed(refusal);
        }
        if (!File.Exists(full))
        {
            return FixToolResult.Failed($"\"{path}\" does not exist; list_files shows what does");
        }
        if (new FileInfo(full).Length > MaxReadBytes)
        {
            return FixToolResult.Failed($"\"{path}\" is larger than {MaxReadBytes / 1024 / 1024} MB; use search to find the lines you need");
        }
        if (IsBinary(full))
        {
            return FixToolResult.Failed($"\"{path}\" is a binary file");
        }
        var first = Math.Max(1, start ?? 1);
        var last = Math.Min(end ?? int.MaxValue, first + options.MaxReadLines - 1);
        if (last < first)
        {
            return FixToolResult.Failed($"end_line {end} is before start_line {first}");
        }
        return Numbered(path, full, first, last);
    }

    /// <summary>Lines first..last with their numbers, cut at the output limit; the header says which lines of how many came back.</summary>
    private FixToolResult Numbered(string path, string full, int first, int last)
    {
        var body = new StringBuilder();
        var number = 0;
        var shownLast = first - 1;
        foreach (var line in File.ReadLines(full))
        {
            number++;
            if (number < first || number > last || body.Length >= options.MaxToolOutputChars)
            {
                continue;
            }
            var text = line.Length <= MaxLineChars ? line : line[..MaxLineChars] + "… [line cut]";
            body.Append(number.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(6)).Append("| ").Append(text).Append('\n');
            shownLast = number;
        }
        if (number == 0)
        {
            return FixToolResult.Done($"\"{path}\" is empty.");
        }
        if (first > number)
        {
            return FixToolResult.Failed($"\"{path}\" has {number} lines; start_line {first} is past its end");
        }
        var header = $"{path}, lines {first}-{shownLast} of {number}";
        if (shownLast < Math.Min(last, number))
        {
            header += $" (cut at the output limit; read from line {shownLast + 1} on next)";
        }
        else if (shownLast < number)
        {
            header += $" (more follows; read from line {shownLast + 1})";
        }
        return FixToolResult.Done($"{header}:\n{body}");
    }

    private async Task<FixToolResult> SearchAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var pattern = arguments.Text("pattern", out var error);
        if (pattern is null)
        {
            return FixToolResult.BadCall(error!);
        }
        if (pattern.Length == 0 || pattern.Contains('\n', StringComparison.Ordinal))
        {
            return FixToolResult.Failed("the pattern must be one non-empty line");
        }
        var result = await git.RunAsync(task.Worktree,
            ["-c", "core.quotePath=false", "grep", "-n", "-I", "-z", "--fixed-strings", "--untracked", "-e", pattern], cancellationToken: cancellationToken);
        if (result.ExitCode == 1)
        {
            return FixToolResult.Done($"No matches for \"{pattern}\".");
        }
        if (!result.Succeeded)
        {
            return FixToolResult.Failed($"git grep failed: {Trim(result.StandardError.Trim(), 300)}");
        }
        var hits = new StringBuilder();
        var count = 0;
        var allowed = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\0', 3);
            if (parts.Length < 3 || !Readable(parts[0], allowed))
            {
                continue;
            }
            count++;
            var text = parts[2].Length <= MaxLineChars ? parts[2] : parts[2][..MaxLineChars] + "… [line cut]";
            hits.Append(parts[0]).Append(':').Append(parts[1]).Append(": ").Append(text).Append('\n');
        }
        return FixToolResult.Done(count == 0 ? $"No matches for \"{pattern}\"." : Cap($"{count} matches:\n{hits}"));
    }

    /// <summary>git grep reads a tracked symbolic link's target; a hit there is not the repository's to show.</summary>
    private bool Readable(string path, Dictionary<string, bool> allowed)
    {
        if (!allowed.TryGetValue(path, out var ok))
        {
            ok = WorktreePaths.Refuse(task.Worktree, path, allowWorkflows: true, out _) is null;
            allowed[path] = ok;
        }
        return ok;
    }

    private static bool IsBinary(string full)
    {
        using var stream = File.OpenRead(full);
        Span<byte> head = stackalloc byte[8_000];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read].Contains((byte)0);
    }
}
