using ReviewBot.Hosting;

namespace ReviewBot.Workspace;

/// <summary>git failed in a way the review cannot work around (an outage or a broken repository), with git's own words.</summary>
public sealed class WorkspaceException : Exception, IOutage
{
    public string OneLine => $"git: {Message}";

    public WorkspaceException(string message) : base(message) { }

    public WorkspaceException(string message, Exception innerException) : base(message, innerException) { }

    public WorkspaceException() { }
}
