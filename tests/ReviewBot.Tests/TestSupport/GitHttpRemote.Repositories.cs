namespace ReviewBot.Tests.TestSupport;

public sealed partial class GitHttpRemote
{
    /// <summary>Serves a bare copy of <paramref name="source"/> (all its branches) as <c>name.git</c>; returns its clone URL.</summary>
    public Uri Serve(string name, TestRepository source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var bare = BarePath(name);
        Directory.CreateDirectory(Path.GetDirectoryName(bare)!);
        TestRepository.Run(Root, "clone", "--bare", "--quiet", "--no-local", source.Path, bare);
        // Pushable over HTTP, and able to serve partial clones fetched by commit id, as GitHub does.
        TestRepository.Run(bare, "config", "http.receivepack", "true");
        TestRepository.Run(bare, "config", "uploadpack.allowFilter", "true");
        TestRepository.Run(bare, "config", "uploadpack.allowAnySHA1InWant", "true");
        return new Uri(BaseUrl, name + ".git");
    }

    public string BarePath(string name) => Path.Combine(Root, name + ".git");

    /// <summary>The commit a branch points at in the served repository, or null when it has no such branch.</summary>
    public string? Head(string name, string branch)
    {
        var output = TestRepository.Run(BarePath(name), "for-each-ref", "--format=%(objectname)", "refs/heads/" + branch).Trim();
        return output.Length == 0 ? null : output;
    }

    /// <summary>
    /// Refuses every push to <paramref name="branch"/> with a pre-receive hook that prints "protected branch hook declined".
    /// A hostile remote can also echo the request's Authorization header back, which the bot must scrub.
    /// </summary>
    public void Protect(string name, string branch, bool echoAuthorization = false)
    {
        var echo = echoAuthorization ? "echo \"you sent: $HTTP_AUTHORIZATION\" >&2\n" : "";
        ShellScript.Write(Path.Combine(BarePath(name), "hooks", "pre-receive"), $$"""
            while read old new ref; do
              if [ "$ref" = "refs/heads/{{branch}}" ]; then
                echo "protected branch hook declined: {{branch}} cannot be pushed to" >&2
                {{echo}}    exit 1
              fi
            done
            exit 0
            """);
    }

    /// <summary>Someone else pushes a commit to <paramref name="branch"/> (writing <paramref name="path"/>); returns its id.</summary>
    public string Advance(string name, string branch, string path, string content, string message = "someone else's commit")
    {
        using var clone = TestRepository.Create(branch);
        clone.Git("fetch", "--quiet", BarePath(name), "refs/heads/" + branch);
        clone.Git("reset", "--quiet", "--hard", "FETCH_HEAD");
        var commit = clone.Write(path, content).Commit(message);
        clone.Git("push", "--quiet", BarePath(name), $"HEAD:refs/heads/{branch}");
        return commit;
    }
}
