using ReviewBot.GitHub;
using ReviewBot.Reviews;

namespace ReviewBot.Publishing;

/// <summary>
/// One inline comment of a review: a line or a range (<see cref="StartLine"/> before <see cref="Line"/>, same side), or
/// a comment on the whole file (<see cref="SubjectType"/> <c>file</c>).
/// </summary>
public sealed record DraftComment(string Path, string Body, int? Line, string? Side, int? StartLine, string? StartSide, string? SubjectType,
    Finding Finding)
{
    /// <summary>The comment as GitHub's review API takes it; only for a comment on lines (no <see cref="SubjectType"/>).</summary>
    public LineComment ToLine() => new(Path, Body, Line ?? throw new InvalidOperationException($"{Path}: a file comment has no line."), Side ?? "RIGHT", StartLine, StartSide);
}

/// <summary>The review about to be posted, and where each finding went.</summary>
public sealed record ReviewDraft(string Body, IReadOnlyList<DraftComment> Comments, IReadOnlyList<Finding> InSummary, IReadOnlyList<Finding> Repeated)
{
    public ReviewDraft WithoutComments(IReadOnlyCollection<DraftComment> rejected, Func<IReadOnlyList<Finding>, string> body) =>
        this with
        {
            Comments = Comments.Where(c => !rejected.Contains(c)).ToList(),
            InSummary = [.. InSummary, .. rejected.Select(c => c.Finding)],
            Body = body([.. InSummary, .. rejected.Select(c => c.Finding)]),
        };
}
