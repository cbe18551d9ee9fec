using System.Text;

namespace ReviewBot.Hosting;

/// <summary>
/// A <c>.env</c> file: <c>NAME=value</c> lines, names with <c>__</c> for <c>:</c> as in environment variables, read by Docker
/// Compose's rules for one line: an optional <c>export </c>, blanks around the name and the value trimmed, a <c>#</c> after a
/// blank ending an unquoted value, <c>'single'</c> quotes taken literally and <c>"double"</c> quotes with <c>\n</c>,
/// <c>\t</c>, <c>\"</c> and <c>\\</c> escapes. A quoted value over several lines is not read: it is refused with its line.
/// So the file <c>register</c> writes serves a local run, Compose's <c>env_file</c> and <c>docker run --env-file</c> alike
/// (it writes unquoted values without blanks or <c>#</c>, which all three read the same).
/// </summary>
public static class EnvFile
{
    /// <summary>The file the service reads from its working directory, when there is one.</summary>
    public const string DefaultName = ".env";

    /// <summary>The settings of the file's lines, as configuration keys (<c>GitHub:AppId</c>); a later line wins.</summary>
    /// <exception cref="FormatException">A line that is neither a comment, empty, nor <c>NAME=value</c>, with its number.</exception>
    public static Dictionary<string, string?> Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? line[..equals].Trim() : "";
            if (name.Length == 0 || char.IsAsciiDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new FormatException($"line {number} is not NAME=value.");
            }
            settings[name.Replace("__", ":", StringComparison.Ordinal)] = Value(line[(equals + 1)..].Trim(), number);
        }

        return settings;
    }

    /// <summary>
    /// Writes <paramref name="settings"/> (configuration keys) to a file readable by its owner only from the moment it
    /// exists, since it holds the App's private key: a new file beside it, renamed over the old one when
    /// <paramref name="replace"/>, so a link at the path is replaced rather than written through, and no old mode applies.
    /// </summary>
    /// <exception cref="IOException">The file exists and is not to be replaced.</exception>
    public static void Write(string path, string header, IEnumerable<KeyValuePair<string, string>> settings, bool replace)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(header);
        var text = new StringBuilder();
        foreach (var line in header.Split('\n'))
        {
            text.Append($"# {line}".TrimEnd()).Append('\n');
        }
        foreach (var (key, value) in settings)
        {
            text.Append(key.Replace(":", "__", StringComparison.Ordinal)).Append('=').Append(Plain(key, value)).Append('\n');
        }

        var target = replace ? path + ".new-" + Guid.NewGuid().ToString("N")[..8] : path;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using (var stream = new FileStream(target, options))
            {
                // No byte-order mark: `source .env` and systemd's EnvironmentFile would read it as part of the first name.
                stream.Write(new UTF8Encoding(false).GetBytes(text.ToString()));
                stream.Flush(flushToDisk: true);
            }
            if (replace)
            {
                File.Move(target, path, overwrite: true);
            }
        }
        finally
        {
            if (replace && File.Exists(target))
            {
                File.Delete(target);
            }
        }
    }

    private static string Value(string value, int number) => value switch
    {
        ['\'', .. var rest] => rest.IndexOf('\'', StringComparison.Ordinal) is var end and >= 0 && Trailing(rest[(end + 1)..])
            ? rest[..end]
            : throw new FormatException($"line {number}: a single-quoted value must end on its line."),
        ['"', .. var rest] => DoubleQuoted(rest, number),
        _ => value.IndexOf(" #", StringComparison.Ordinal) is var comment and >= 0 ? value[..comment].TrimEnd() : value,
    };

    private static string DoubleQuoted(string rest, int number)
    {
        var value = new StringBuilder();
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case '"' when Trailing(rest[(i + 1)..]):
                    return value.ToString();
                case '\\' when i + 1 < rest.Length:
                    i++;
                    value.Append(rest[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                    break;
                default:
                    value.Append(rest[i]);
                    break;
            }
        }
        throw new FormatException($"line {number}: a double-quoted value must end on its line.");
    }

    /// <summary>What may follow a closing quote: nothing, or a comment.</summary>
    private static bool Trailing(string after) => after.Trim() is "" || after.TrimStart().StartsWith('#');

    /// <summary>
    /// A value written as is, which every reader takes the same: one line, no blank at its ends, no quote first, no
    /// <c>#</c> after a blank (a PEM's <c>-----BEGIN RSA PRIVATE KEY-----</c> is fine).
    /// </summary>
    private static string Plain(string key, string value) =>
        value.Length == 0 || (value.Trim() == value && value[0] is not ('"' or '\'') && !value.Contains('\n', StringComparison.Ordinal)
            && !value.Contains('\r', StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal) && !value.Contains("\t#", StringComparison.Ordinal))
            ? value
            : throw new ArgumentException($"The value of {key} would not read back as written (a line break, a blank at an end, a quote first, or ' #'); write line breaks as \\n.", nameof(value));
}
