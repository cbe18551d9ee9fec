namespace ReviewBot.Hosting;

/// <summary>
/// A <c>.env</c> file: <c>NAME=value</c> lines, <c>#</c> comments, names with <c>__</c> for <c>:</c> as in environment
/// variables. It is the format Docker Compose's <c>env_file</c> reads, so the file <c>register</c> writes serves a local run
/// and a container alike. Values are taken as written: no quotes are removed and nothing is expanded, as Compose does.
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

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? line[..equals].Trim() : "";
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new FormatException($"line {number} is not NAME=value.");
            }
            settings[name.Replace("__", ":", StringComparison.Ordinal)] = line[(equals + 1)..];
        }

        return settings;
    }

    /// <summary>
    /// Writes <paramref name="settings"/> (configuration keys) to a new file readable by its owner only, from the moment it
    /// exists: it holds the App's private key. An existing file is kept unless <paramref name="replace"/>.
    /// </summary>
    /// <exception cref="IOException">The file exists and is not to be replaced.</exception>
    public static void Write(string path, string header, IEnumerable<KeyValuePair<string, string>> settings, bool replace)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var lines = header.Split('\n').Select(l => $"# {l}".TrimEnd())
            .Concat(settings.Select(s => $"{s.Key.Replace(":", "__", StringComparison.Ordinal)}={Single(s.Key, s.Value)}"));
        var options = new FileStreamOptions { Mode = replace ? FileMode.Create : FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.UTF8, options))
        {
            foreach (var line in lines)
            {
                writer.Write(line);
                writer.Write('\n');
            }
        }
        if (!OperatingSystem.IsWindows())
        {
            // A replaced file keeps the mode it had; this one holds a key.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string Single(string key, string value) =>
        value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal)
            ? throw new ArgumentException($"The value of {key} spans lines; write its line breaks as \\n.", nameof(value))
            : value;
}
