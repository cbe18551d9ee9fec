using System.Text.RegularExpressions;
using ReviewBot.Context;
using ReviewBot.Model;

namespace ReviewBot.Reviews;

/// <summary>
/// Findings that need no model: the compiler errors the change introduces on its added lines. They pass the same
/// verifier as the model's (so only added lines of the reviewed files carry them), a model finding on the same line about
/// the same error wins, and at most <see cref="MaxFindings"/> are kept, the change's first files and lines first.
/// </summary>
internal static partial class CompilerFindings
{
    public const int MaxFindings = 5;
    public const string Title = "This does not compile";

    /// <summary>The candidate a compiler error becomes; its evidence is the line's code, its explanation the diagnostic.</summary>
    public static ModelFinding Candidate(CompilerError error) => new()
    {
        Path = error.Path,
        Side = "head",
        StartLine = error.Line,
        EndLine = error.Line,
        Priority = nameof(Priority.P1),
        Confidence = 1.0,
        Title = $"{Title}: {error.Id} {error.Message}",
        Explanation = $"The C# compiler reports error {error.Id} at {error.Path}({error.Line},{error.Column}): {error.Message} The base commit does not have this error, so the change introduces it.",
        Evidence = [new ModelEvidence { Path = error.Path, Line = error.Line, Side = "head", Quote = SecretMasker.Mask(error.Code).Text }],
    };

    /// <summary>The model already says it: a finding on the same file and line that names the error's id, says it does
    /// not compile, or names one of the identifiers the compiler's message quotes.</summary>
    public static Finding? ReportedBy(IEnumerable<Finding> modelFindings, CompilerError error)
    {
        var quoted = Quoted().Matches(error.Message).Select(m => m.Groups[1].Value).Where(q => q.Length > 0).ToList();
        return modelFindings.FirstOrDefault(f => f.Path == error.Path && f.Side == DiffSide.Head && f.StartLine <= error.Line && error.Line <= f.EndLine
            && (Mentions(f, error.Id) || Mentions(f, "compil") || quoted.Exists(q => Mentions(f, q))));
    }

    private static bool Mentions(Finding finding, string text) =>
        finding.Title.Contains(text, StringComparison.OrdinalIgnoreCase) || finding.Explanation.Contains(text, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("'([^']{1,200})'")]
    private static partial Regex Quoted();
}
