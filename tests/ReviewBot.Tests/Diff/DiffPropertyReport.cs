using System.Globalization;

namespace ReviewBot.Tests.Diff;

/// <summary>What <see cref="DiffPropertyChecker"/> checked and what it found wrong (the first few failures in full).</summary>
public sealed record DiffPropertyReport(string Repository, int Commits, int Files, long Lines, long Failures, IReadOnlyList<string> FirstFailures, TimeSpan Elapsed)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Repository}: {Commits:N0} commits, {Files:N0} files, {Lines:N0} lines checked, {Failures:N0} failures, {Elapsed.TotalSeconds:F1} s")
        + string.Concat(FirstFailures.Select(f => "\n  " + f));
}
