using ReviewBot.Workspace;

namespace ReviewBot.Evaluation;

/// <summary>
/// The repository, base and head of a case. Offline, from a clone the user gives (<c>--repos DIR</c>: DIR/owner/name or
/// DIR/name); otherwise a blob-less bare clone of <c>{githubUrl}/owner/name</c> made once under the work folder, with the
/// pull request's head fetched from <c>refs/pull/N/head</c> (blobs come when read, as in the service's mirrors). The base
/// is the benchmark's when it names one, the commit's first parent for a clean case, and otherwise the default branch
/// (the engine diffs from the merge base, as GitHub shows a pull request), or, for a pull request already merged, the
/// default branch just before its merge commit.
/// </summary>
public sealed class EvalRepositories(GitRunner git, string? reposDirectory, string workDirectory, Uri githubUrl)
{
    private static readonly string[] DefaultBranches = ["origin/HEAD", "origin/main", "origin/master", "refs/heads/main", "refs/heads/master", "HEAD"];

    public async Task<EvalCheckout> OpenAsync(EvalCase evalCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evalCase);
        var local = reposDirectory is not null;
        var path = local ? LocalPath(evalCase.Repository) : await CloneAsync(evalCase.Repository, cancellationToken);
        var repository = await GitRepository.OpenLocalAsync(git, path, cancellationToken)
            ?? throw new WorkspaceException($"{path} is not a git repository.");
        try
        {
            var head = await HeadAsync(repository, evalCase, fetch: !local, cancellationToken);
            var (baseName, baseCommit) = await BaseAsync(repository, evalCase, head, fetch: !local, cancellationToken);
            if (evalCase.BaseSha is null && !evalCase.IsClean && await repository.MergeBaseAsync(baseCommit, head, cancellationToken) == head)
            {
                (baseName, baseCommit) = await MergedBaseAsync(repository, baseName, baseCommit, head, cancellationToken);
            }
            return new EvalCheckout(repository, baseName, baseCommit, head);
        }
        catch
        {
            repository.Dispose();
            throw;
        }
    }

    private string LocalPath(string repository)
    {
        var name = repository.Split('/')[1];
        var full = Path.Combine(reposDirectory!, repository.Replace('/', Path.DirectorySeparatorChar));
        var bare = Path.Combine(reposDirectory!, name);
        return Directory.Exists(full) ? full
            : Directory.Exists(bare) ? bare
            : throw new WorkspaceException($"no clone of {repository} in {reposDirectory} (looked for {full} and {bare}).");
    }

    private async Task<string> CloneAsync(string repository, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workDirectory, "repos", repository.Replace('/', Path.DirectorySeparatorChar) + ".git");
        if (Directory.Exists(path) && (await git.RunAsync(path, ["rev-parse", "--git-dir"], cancellationToken: cancellationToken)).Succeeded)
        {
            return path;
        }
        // A clone that stopped half-way is started again, into a fresh folder renamed into place when it is complete.
        var partial = path + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var url = new Uri(githubUrl.AbsoluteUri.TrimEnd('/') + "/" + repository).AbsoluteUri;
        await CheckedAsync(Path.GetDirectoryName(path)!, ["clone", "--quiet", "--bare", "--filter=blob:none", url, partial], cancellationToken);
        await CheckedAsync(partial, ["config", "gc.auto", "0"], cancellationToken);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        Directory.Move(partial, path);
        return path;
    }

    private async Task<string> HeadAsync(GitRepository repository, EvalCase evalCase, bool fetch, CancellationToken cancellationToken)
    {
        if (evalCase.HeadSha is { } sha)
        {
            return await CommitAsync(repository, sha, sha, fetch, cancellationToken);
        }
        var number = PullNumber(evalCase);
        var reference = $"refs/pull/{number}/head";
        return await CommitAsync(repository, reference, $"+{reference}:{reference}", fetch, cancellationToken);
    }

    private async Task<(string Name, string Commit)> BaseAsync(GitRepository repository, EvalCase evalCase, string head, bool fetch,
        CancellationToken cancellationToken)
    {
        if (evalCase.BaseSha is { } sha)
        {
            return (sha, await CommitAsync(repository, sha, sha, fetch, cancellationToken));
        }
        if (evalCase.IsClean)
        {
            return ($"{head[..12]}^", await repository.ResolveCommitAsync(head + "^1", cancellationToken)
                ?? throw new WorkspaceException($"the commit {head[..12]} has no parent to review it against."));
        }
        foreach (var name in DefaultBranches)
        {
            if (await repository.ResolveCommitAsync(name, cancellationToken) is { } commit)
            {
                return (name, commit);
            }
        }
        throw new WorkspaceException($"{evalCase.Repository} has no default branch (none of {string.Join(", ", DefaultBranches)}).");
    }

    /// <summary>
    /// The base of a pull request already merged into the default branch (most of a public benchmark's are): the first
    /// parent of the merge commit that brought its head in, the default branch as it was just before the merge. A
    /// fast-forward or rebase merge leaves no such commit, and then there is no base to tell from git.
    /// </summary>
    private async Task<(string Name, string Commit)> MergedBaseAsync(GitRepository repository, string branch, string branchCommit, string head,
        CancellationToken cancellationToken)
    {
        var path = await git.RunAsync(repository.GitDirectory, ["rev-list", "--first-parent", "--ancestry-path", "--reverse", $"{head}..{branchCommit}"],
            cancellationToken: cancellationToken);
        var merge = path.Succeeded ? path.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        if (merge is not null && await repository.ResolveCommitAsync(merge + "^2", cancellationToken) is { } merged
            && await repository.IsAncestorAsync(head, merged, cancellationToken)
            && await repository.ResolveCommitAsync(merge + "^1", cancellationToken) is { } before && before != head)
        {
            return ($"{merge[..12]}^1", before);
        }
        throw new WorkspaceException(
            $"the head {head[..12]} is already in {branch} without a merge commit (a fast-forward or rebase merge), and the benchmark names no base: there is no change to review.");
    }

    /// <summary>Resolves <paramref name="revision"/>, fetching <paramref name="refspec"/> from the clone's origin first when it is missing.</summary>
    private async Task<string> CommitAsync(GitRepository repository, string revision, string refspec, bool fetch, CancellationToken cancellationToken)
    {
        if (await repository.ResolveCommitAsync(revision, cancellationToken) is { } present)
        {
            return present;
        }
        // A benchmark's commit id reaches git's command line: never as an option.
        if (fetch && !refspec.StartsWith('-'))
        {
            await CheckedAsync(repository.GitDirectory, ["fetch", "--quiet", "--no-tags", "--filter=blob:none", "origin", refspec], cancellationToken);
            if (await repository.ResolveCommitAsync(revision, cancellationToken) is { } fetched)
            {
                return fetched;
            }
        }
        throw new WorkspaceException($"{revision} is not in the clone at {repository.GitDirectory}.");
    }

    private static int PullNumber(EvalCase evalCase) =>
        evalCase.Url is { } url && int.TryParse(url.TrimEnd('/').Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new WorkspaceException($"the case {evalCase.Id} names neither a head commit nor a pull request number.");

    private async Task CheckedAsync(string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(directory, arguments, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new WorkspaceException($"git {arguments[0]} failed: {result.StandardError.Trim().Split('\n')[0]}");
        }
    }
}

/// <summary>A case's repository (disposed by the caller) and the commits to review.</summary>
public sealed record EvalCheckout(GitRepository Repository, string BaseName, string BaseCommit, string HeadCommit) : IDisposable
{
    public void Dispose() => Repository.Dispose();
}
