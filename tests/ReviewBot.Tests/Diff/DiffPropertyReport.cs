using System.Globalization;

namespace ReviewBot.Tests.Diff;

/// <summary>
/// What <see cref="DiffPropertyChecker"/> checked (<paramref name="Commits"/> counts the checked ones), what it found wrong
/// (the first few failures in full) and the commits git could not diff.
/// </summary>
public sealed record DiffPropertyReport(string Repository, int Commits, int Files, long Lines, long Failures, IReadOnlyList<string> FirstFailures,
    IReadOnlyList<string> SkippedCommits, TimeSpan Elapsed)
{
    /// <summary>One line: the counts and the time.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Repository}: {Commits:N0} commits, {Files:N0} files, {Lines:N0} lines checked, {Failures:N0} failures, {SkippedCommits.Count} commits skipped, {Elapsed.TotalSeconds:F1} s");

    /// <summary>The summary, then the first failures and the skipped commits, one a line.</summary>
    public override string ToString() =>
        Summary + string.Concat(FirstFailures.Select(f => "\n  " + f)) + string.Concat(SkippedCommits.Select(s => "\n  skipped " + s));
}
