using System.Text;
using ReviewBot.Model;

namespace ReviewBot.Fixes;

/// <summary>The tools that change the worktree: an exact replacement, or a unified diff that must apply.</summary>
public sealed partial class FixTools
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private FixToolResult Edit(ToolArguments arguments)
    {
        var path = arguments.Text("path", out var error);
        var oldText = error is null ? arguments.Text("old_text", out error) : null;
        var newText = error is null ? arguments.Text("new_text", out error) : null;
        if (path is null || oldText is null || newText is null)
        {
            return FixToolResult.BadCall(error!);
        }
        if (WorktreePaths.Refuse(task.Worktree, path, task.AllowWorkflows, out var full) is { } refusal)
        {
            return FixToolResult.Failed(refusal);
        }
        if (newText.Contains(SecretMasker.Marker, StringComparison.Ordinal))
        {
            // The model saw masked text; writing the mask back would replace a real value with the placeholder.
            return FixToolResult.Failed($"new_text contains \"{SecretMasker.Marker}\", a mask of a secret you were not shown; leave that text as it is");
        }
        if (!File.Exists(full))
        {
            return oldText.Length == 0 ? Create(path, full, newText) : FixToolResult.Failed($"\"{path}\" does not exist; to create it, give old_text \"\"");
        }
        if (oldText.Length == 0)
        {
            return FixToolResult.Failed($"\"{path}\" exists; give the exact text to replace as old_text");
        }
        if (IsBinary(full))
        {
            return FixToolResult.Failed($"\"{path}\" is a binary file");
        }
        return Replace(path, full, oldText, newText);
    }

    private static FixToolResult Create(string path, string full, string text)
    {
        if (text.Length == 0)
        {
            return FixToolResult.Failed("new_text is empty; a new file needs content");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, Utf8);
        return FixToolResult.Changed($"Created {path} ({CountLines(text)} lines).");
    }

    private static FixToolResult Replace(string path, string full, string oldText, string newText)
    {
        var bytes = File.ReadAllBytes(full);
        var bom = bytes.AsSpan().StartsWith(Bom);
        var text = Utf8.GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        // Models write \n; a file with \r\n should still match, and keep its line endings.
        if (Occurrences(text, oldText) == 0 && text.Contains("\r\n", StringComparison.Ordinal) && !oldText.Contains('\r', StringComparison.Ordinal))
        {
            oldText = oldText.Replace("\n", "\r\n", StringComparison.Ordinal);
            newText = newText.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        }
        var count = Occurrences(text, oldText);
        if (count != 1)
        {
            return FixToolResult.Failed(count == 0
                ? $"old_text does not occur in \"{path}\"; read the file again and copy the text exactly, without line numbers"
                : $"old_text occurs {count} times in \"{path}\"; include more surrounding lines so it occurs once");
        }
        if (oldText == newText)
        {
            return FixToolResult.Failed("new_text is the same as old_text; nothing would change");
        }
        var index = text.IndexOf(oldText, StringComparison.Ordinal);
        var updated = string.Concat(text.AsSpan(0, index), newText, text.AsSpan(index + oldText.Length));
        var line = text.AsSpan(0, index).Count('\n') + 1;
        using (var stream = File.Create(full))
        {
            if (bom)
            {
                stream.Write(Bom);
            }
            stream.Write(Utf8.GetBytes(updated));
        }
        return FixToolResult.Changed($"Edited {path} at line {line}: {CountLines(oldText)} lines replaced by {CountLines(newText)}.");
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static int CountLines(string text) =>
        text.Length == 0 ? 0 : text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);
}
