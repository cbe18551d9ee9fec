namespace ReviewBot.Diff;

/// <summary>What a change did to a file, as git's extended headers say (a patch without headers is <see cref="Modified"/>).</summary>
public enum FileChangeKind
{
    Added,
    Deleted,
    Modified,
    Renamed,
    Copied,
}
