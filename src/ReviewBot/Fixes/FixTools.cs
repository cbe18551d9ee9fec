using ReviewBot.Model;
using ReviewBot.Workspace;

namespace ReviewBot.Fixes;

/// <summary>
/// The tools of one fix run, over its worktree. Every path a tool reads or writes goes through <see cref="WorktreePaths"/>
/// first, so nothing outside the repository (nor .git, nor a workflow unless allowed) is read or changed. Failures are
/// results, never exceptions: the model reads them and tries again.
/// </summary>
public sealed partial class FixTools(FixTask task, FixAgentOptions options, GitRunner git)
{
    public const string Finish = "finish";

    public static IReadOnlyList<ModelTool> All { get; } =
    [
        new("list_files", "List the repository's files (tracked and new) whose path starts with path_prefix; \"\" lists all.",
            Schema("""{"path_prefix":{"type":"string","description":"A folder or path prefix, relative to the repository root, such as \"src/\"."}}""")),
        new("read_file", "Read a file, with line numbers. start_line and end_line (1-based, inclusive) pick a range; null reads from the start or to the end, within the line limit.",
            Schema("""{"path":{"type":"string"},"start_line":{"type":["integer","null"]},"end_line":{"type":["integer","null"]}}""")),
        new("search", "Find a fixed string (not a regular expression) in the repository's text files; answers path:line: text.",
            Schema("""{"pattern":{"type":"string"}}""")),
        new("edit", "Replace old_text with new_text in a file. old_text must occur exactly once, character for character (copy it without the line numbers). To create a new file, give old_text \"\" and the whole file as new_text.",
            Schema("""{"path":{"type":"string"},"old_text":{"type":"string"},"new_text":{"type":"string"}}""")),
        new("apply_patch", "Apply a unified diff (git diff format, paths relative to the repository root). It must apply cleanly; nothing is changed when it does not.",
            Schema("""{"diff":{"type":"string"}}""")),
        new(Finish, "End the fix. Call it once, after your edits, with a one-paragraph summary of what you changed and why.",
            Schema("""{"summary":{"type":"string"}}""")),
    ];

    /// <summary>A strict schema: every property required and nothing else allowed, as strict function calling demands.</summary>
    private static string Schema(string properties)
    {
        var names = JsonDocument.Parse(properties).RootElement.EnumerateObject().Select(p => $"\"{p.Name}\"");
        return $$"""{"type":"object","properties":{{properties}},"required":[{{string.Join(',', names)}}],"additionalProperties":false}""";
    }

    public static bool Knows(string name) => All.Any(t => t.Name == name);

    public async Task<FixToolResult> RunAsync(ModelToolCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!Knows(call.Name))
        {
            return FixToolResult.BadCall($"there is no tool \"{Trim(call.Name, 80)}\"; the tools are {string.Join(", ", All.Select(t => t.Name))}");
        }
        var arguments = ToolArguments.Parse(call.Arguments, out var error);
        if (arguments is null)
        {
            return FixToolResult.BadCall($"{error}; send one JSON object that follows the schema of {call.Name}");
        }
        try
        {
            return call.Name switch
            {
                "list_files" => await ListAsync(arguments, cancellationToken),
                "read_file" => Read(arguments),
                "search" => await SearchAsync(arguments, cancellationToken),
                "edit" => Edit(arguments),
                "apply_patch" => await PatchAsync(arguments, cancellationToken),
                _ => FinishCall(arguments),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException or WorkspaceException)
        {
            return FixToolResult.Failed($"{call.Name} failed: {Trim(ex.Message, 300)}");
        }
    }

    private static FixToolResult FinishCall(ToolArguments arguments)
    {
        var summary = arguments.Text("summary", out var error);
        if (summary is null)
        {
            return FixToolResult.BadCall(error!);
        }
        return string.IsNullOrWhiteSpace(summary)
            ? FixToolResult.Failed("the summary is empty; say what you changed and why")
            : new FixToolResult(FixToolKind.Finish, summary.Trim());
    }

    /// <summary>Cuts a tool's output to the limit, and says so, so the model narrows its request instead of guessing.</summary>
    private string Cap(string text)
    {
        var max = options.MaxToolOutputChars;
        return text.Length <= max ? text : text[..max] + $"\n[output cut at {max} characters; ask for less]";
    }

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
