using Microsoft.Extensions.Hosting;
using ReviewBot.Context;
using ReviewBot.Reviews;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.TestSupport;

/// <summary>A generated repository and the engine's services: the context of a change between two of its commits.</summary>
public sealed class ContextCollector : IDisposable
{
    private readonly IHost _host = EngineHost.Create();

    public TestRepository Repo { get; } = TestRepository.Create();

    public async Task<ContextCandidates> CollectAsync(string baseCommit, string headCommit)
    {
        using var repository = (await GitRepository.OpenLocalAsync(_host.Services.GetRequiredService<GitRunner>(), Repo.Path, CancellationToken.None))!;
        var change = await PullRequestSnapshots.LoadChangeAsync(repository, baseCommit, headCommit, CancellationToken.None);
        return await _host.Services.GetRequiredService<ContextBuilder>().CollectAsync(repository, change, null, CancellationToken.None);
    }

    public void Dispose()
    {
        _host.Dispose();
        Repo.Dispose();
    }
}
