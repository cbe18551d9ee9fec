namespace ReviewBot.Fixes;

/// <summary>What became of a repository's verify command. Only <see cref="Passed"/> and <see cref="NoCommand"/> let a fix be pushed as verified.</summary>
public abstract record VerifyOutcome
{
    private VerifyOutcome()
    {
    }

    public sealed record Passed(string Output, TimeSpan Elapsed) : VerifyOutcome;

    public sealed record Failed(int ExitCode, string Output) : VerifyOutcome;

    public sealed record TimedOut(int Seconds, string Output) : VerifyOutcome
    {
        public string Message => $"timed out after {Seconds} s";
    }

    /// <summary>No sandbox could be made; the command did not run.</summary>
    public sealed record Unavailable(string Reason) : VerifyOutcome;

    /// <summary>The repository sets no <c>fix.verify</c>.</summary>
    public sealed record NoCommand : VerifyOutcome;

    /// <summary>The last <paramref name="count"/> lines of <paramref name="output"/>, for the reply.</summary>
    public static string LastLines(string output, int count = 40)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = output.TrimEnd('\n').Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - count)));
    }
}
