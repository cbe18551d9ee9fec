namespace ReviewBot.Cli;

/// <summary>
/// <c>--name value</c> and <c>--flag</c> options of one verb. Unknown options, missing values and repeated options are
/// usage errors, reported in one line.
/// </summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    private CliArguments(string verb) => Verb = verb;

    public string Verb { get; }

    public static CliArguments Parse(string[] args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flags)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(valueOptions);
        ArgumentNullException.ThrowIfNull(flags);
        var parsed = new CliArguments(args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            string name;
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            {
                name = arg[..arg.IndexOf('=', StringComparison.Ordinal)];
                inline = arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..];
            }
            else
            {
                name = arg;
            }
            if (parsed._values.ContainsKey(name))
            {
                throw new CliUsageException($"{name} is given twice.");
            }
            if (flags.Contains(name) && inline is null)
            {
                parsed._values[name] = null;
            }
            else if (valueOptions.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Length ? args[++i] : null);
                if (string.IsNullOrEmpty(value) || (inline is null && value.StartsWith("--", StringComparison.Ordinal)))
                {
                    throw new CliUsageException($"{name} needs a value.");
                }
                parsed._values[name] = value;
            }
            else
            {
                throw new CliUsageException(arg.StartsWith('-') ? $"unknown option {name}." : $"unexpected argument \"{arg}\".");
            }
        }
        return parsed;
    }

    public string? Value(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public bool Has(string name) => _values.ContainsKey(name);

    public string Required(string name) => Value(name) ?? throw new CliUsageException($"{name} is required.");

    public int? PositiveNumber(string name)
    {
        var value = Value(name);
        if (value is null)
        {
            return null;
        }
        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return n;
        }
        // A whole number too large for the count is not "not a number": say what the limit is.
        throw new CliUsageException(value.Length > 0 && value.All(char.IsAsciiDigit) && value.TrimStart('0').Length > 0
            ? $"{name} must be at most {int.MaxValue} (was \"{value}\")."
            : $"{name} must be a positive whole number (was \"{value}\").");
    }
}

/// <summary>The command line is wrong; the message says how, in one line.</summary>
public sealed class CliUsageException(string message) : Exception(message)
{
    public CliUsageException() : this("invalid command line.") { }

    public CliUsageException(string message, Exception innerException) : this(message) => _ = innerException;
}

/// <summary>The command line is right but the request cannot be carried out (no repository, no such ref, no model).</summary>
public sealed class CliFailureException(string message) : Exception(message)
{
    public CliFailureException() : this("failed.") { }

    public CliFailureException(string message, Exception innerException) : this(message) => _ = innerException;
}

/// <summary>What the verb was given to read (the Action's event file) is wrong: exit 2, like a wrong command line, without the usage.</summary>
public sealed class CliInputException(string message) : Exception(message)
{
    public CliInputException() : this("invalid input.") { }

    public CliInputException(string message, Exception innerException) : this(message) => _ = innerException;
}
