namespace ReviewBot.Diff;

/// <summary>The role of a line in a hunk: its first character in a unified diff (<c>' '</c>, <c>'+'</c>, <c>'-'</c>).</summary>
public enum DiffLineKind
{
    Context,
    Added,
    Removed,
}
