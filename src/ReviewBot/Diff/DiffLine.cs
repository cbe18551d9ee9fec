namespace ReviewBot.Diff;

/// <summary>
/// One line of a hunk. <paramref name="OldLine"/> is set for context and removed lines, <paramref name="NewLine"/> for
/// context and added lines (both 1-based). <paramref name="Text"/> is the line without its prefix character and without
/// the <c>\n</c>; a <c>\r</c> of a CRLF file stays part of it.
/// </summary>
public sealed record DiffLine(DiffLineKind Kind, int? OldLine, int? NewLine, string Text)
{
    /// <summary>The file ends with this line and has no final newline (<c>\ No newline at end of file</c> followed it).</summary>
    public bool NoNewlineAtEnd { get; init; }
}
