namespace ReviewBot.Jobs;

public enum JobKind
{
    /// <summary>Review one head commit of a pull request. A newer head commit supersedes it.</summary>
    Review,

    /// <summary>A check run or suite was re-requested on a commit whose pull request GitHub did not name; find it, then review.</summary>
    ResolveRerun,

    /// <summary>An <c>@agent</c> command in a pull request comment.</summary>
    Command,

    /// <summary>An <c>@agent fix</c> or <c>@agent explain</c> from someone who may ask, with the reply it edits.</summary>
    Agent,

    /// <summary>The App was installed, removed, suspended, or given repositories.</summary>
    Installation,
}
