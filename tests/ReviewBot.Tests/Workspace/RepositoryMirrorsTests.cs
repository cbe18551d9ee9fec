using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Testing;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Workspace;

public sealed class RepositoryMirrorsTests
{
    private TestRepository _origin = null!;
    private IHost _host = null!;
    private string _base = "";
    private string _head = "";

    private RepositoryMirrors Mirrors => _host.Services.GetRequiredService<RepositoryMirrors>();

    [SetUp]
    public void CreateOrigin()
    {
        _origin = TestRepository.Create();
        _base = _origin.Write("src/app.py", "def add(a, b):\n    return a + b\n").Write("README.md", "hello\r\nworld\r\n").Commit("base");
        _origin.Checkout("feature", create: true);
        _head = _origin.Write("src/app.py", "def add(a, b):\n    return a - b\n").Commit("feature");
        _origin.Checkout("main");
        _host = EngineHost.Create();
    }

    [TearDown]
    public void Clean()
    {
        _host.Dispose();
        _origin.Dispose();
    }

    [Test]
    public async Task A_mirror_holds_the_asked_commits_and_reads_blobs_by_commit_and_path()
    {
        using var repo = await Mirrors.OpenAsync(_origin.FileUrl, null, [_base, _head], CancellationToken.None);
        using var blobs = repo.OpenBlobReader();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await blobs.ReadAsync(_head, "src/app.py", CancellationToken.None), Is.EqualTo("def add(a, b):\n    return a - b\n"));
            Assert.That(await blobs.ReadAsync(_base, "README.md", CancellationToken.None), Is.EqualTo("hello\r\nworld\r\n"), "bytes as stored, CRLF kept");
            Assert.That(await blobs.ReadAsync(_head, "no/such/file", CancellationToken.None), Is.Null);
            Assert.That(await repo.MergeBaseAsync(_base, _head, CancellationToken.None), Is.EqualTo(_base));
            Assert.That(repo.GitDirectory, Does.StartWith(_host.Services.GetRequiredService<IOptions<WorkspaceOptions>>().Value.ResolvedRoot));
        }
    }

    [Test]
    public async Task The_diff_grep_log_and_tree_come_from_the_mirror()
    {
        using var repo = await Mirrors.OpenAsync(_origin.FileUrl, null, [_base, _head], CancellationToken.None);
        using var diff = repo.OpenDiff(_base, _head);
        var text = await diff.Reader.ReadToEndAsync();
        await diff.EnsureSucceededAsync(CancellationToken.None);

        var hits = await repo.GrepAsync(_head, ["add"], 10, CancellationToken.None);
        var log = await repo.LogAsync(_base, _head, 10, CancellationToken.None);
        var files = await repo.ListFilesAsync(_head, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("-    return a + b").And.Contain("+    return a - b"));
            Assert.That(hits, Is.EqualTo(new[] { new GrepHit("src/app.py", 1, "def add(a, b):") }));
            Assert.That(log.Select(c => c.Subject), Is.EqualTo(new[] { "feature" }));
            Assert.That(files.Select(f => f.Path), Is.EquivalentTo(new[] { "README.md", "src/app.py" }));
        }
    }

    [Test]
    public async Task A_later_commit_is_fetched_into_the_same_mirror()
    {
        string first;
        using (var repo = await Mirrors.OpenAsync(_origin.FileUrl, null, [_base, _head], CancellationToken.None))
        {
            first = repo.GitDirectory;
        }
        _origin.Checkout("feature");
        var next = _origin.Write("src/app.py", "def add(a, b):\n    return b + a\n").Commit("next");

        using var again = await Mirrors.OpenAsync(_origin.FileUrl, null, [_base, next], CancellationToken.None);

        Assert.That(again.GitDirectory, Is.EqualTo(first));
        Assert.That(await again.ResolveCommitAsync(next, CancellationToken.None), Is.EqualTo(next));
    }

    [Test]
    public async Task A_commit_the_remote_does_not_have_is_a_clear_error()
    {
        var ex = await Assert.ThrowsAsync<WorkspaceException>(() =>
            Mirrors.OpenAsync(_origin.FileUrl, null, [_base, "1234567890123456789012345678901234567890"], CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("1234567890123456789012345678901234567890").Or.Contain("fetch"));
    }

    [Test]
    public async Task The_token_travels_as_a_header_and_is_in_no_config_file_url_or_error()
    {
        const string token = "ghs_0123456789abcdefghijABCDEFGHIJ0123456789";
        var credentials = new GitCredentials(token);
        using var repo = await Mirrors.OpenAsync(_origin.FileUrl, credentials, [_base, _head], CancellationToken.None);
        var git = _host.Services.GetRequiredService<GitRunner>();

        var header = await git.RunAsync(repo.GitDirectory, ["config", "--get", "http.extraHeader"], credentials);
        var configFile = await File.ReadAllTextAsync(Path.Combine(repo.GitDirectory, "config"));
        var failing = await git.RunAsync(repo.GitDirectory, ["fetch", "origin", token], credentials);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(header.StandardOutput.Trim(), Is.EqualTo(credentials.AuthorizationHeader), "git sees the header");
            Assert.That(configFile, Does.Not.Contain(token).And.Not.Contain(credentials.AuthorizationHeader.Split(' ')[^1]));
            Assert.That(configFile, Does.Contain(_origin.FileUrl.OriginalString), "the remote URL is plain");
            Assert.That(failing.StandardError, Does.Not.Contain(token), "errors are redacted");
            Assert.That(credentials.ToString(), Does.Not.Contain(token));
        }
    }

    [Test]
    public async Task A_corrupt_mirror_is_deleted_and_cloned_again()
    {
        string path;
        using (var repo = await Mirrors.OpenAsync(_origin.FileUrl, null, [_base], CancellationToken.None))
        {
            path = repo.GitDirectory;
        }
        await File.WriteAllTextAsync(Path.Combine(path, "HEAD"), "garbage");

        using var recovered = await Mirrors.OpenAsync(_origin.FileUrl, null, [_base, _head], CancellationToken.None);
        using var blobs = recovered.OpenBlobReader();

        Assert.That(await blobs.ReadAsync(_head, "src/app.py", CancellationToken.None), Does.Contain("a - b"));
        Assert.That(_host.Services.GetFakeLogCollector().GetSnapshot().Select(l => l.Message), Has.Some.Contains("cloning it again"));
    }

    [Test]
    public async Task Mirrors_over_the_disk_budget_are_evicted_least_recently_used_first_but_never_while_in_use()
    {
        using var host = EngineHost.Create(new Dictionary<string, string?> { ["Workspace:DiskBudgetMegabytes"] = "1" });
        var mirrors = host.Services.GetRequiredService<RepositoryMirrors>();
        using var big1 = BigRepository();
        using var big2 = BigRepository();
        using var big3 = BigRepository();

        string first, second;
        using (var one = await mirrors.OpenAsync(big1.FileUrl, null, [big1.Git("rev-parse", "HEAD").Trim()], CancellationToken.None))
        {
            first = one.GitDirectory;
        }
        using var held = await mirrors.OpenAsync(big2.FileUrl, null, [big2.Git("rev-parse", "HEAD").Trim()], CancellationToken.None);
        second = held.GitDirectory;
        using var third = await mirrors.OpenAsync(big3.FileUrl, null, [big3.Git("rev-parse", "HEAD").Trim()], CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Directory.Exists(first), Is.False, "the least recently used mirror, not in use, is evicted");
            Assert.That(Directory.Exists(second), Is.True, "a mirror in use is never evicted");
            Assert.That(Directory.Exists(third.GitDirectory), Is.True);
        }
    }

    [Test]
    public async Task Concurrent_opens_of_one_repository_share_one_mirror()
    {
        var opens = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Mirrors.OpenAsync(_origin.FileUrl, null, [_base, _head], CancellationToken.None)));
        try
        {
            Assert.That(opens.Select(o => o.GitDirectory).Distinct().Count(), Is.EqualTo(1));
        }
        finally
        {
            foreach (var open in opens)
            {
                open.Dispose();
            }
        }
    }

    [Test]
    public async Task A_worktree_of_a_commit_can_be_added_and_removed()
    {
        using var repo = await Mirrors.OpenAsync(_origin.FileUrl, null, [_base, _head], CancellationToken.None);
        var path = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "wt-" + Guid.NewGuid().ToString("N")[..8]);

        await repo.AddWorktreeAsync(path, _head, CancellationToken.None);
        var content = await File.ReadAllTextAsync(Path.Combine(path, "src", "app.py"));
        await repo.RemoveWorktreeAsync(path, CancellationToken.None);

        Assert.That(content, Does.Contain("a - b"));
        Assert.That(Directory.Exists(path), Is.False);
    }

    [Test]
    public async Task A_local_repository_opens_where_it_is_and_a_plain_folder_does_not()
    {
        var git = _host.Services.GetRequiredService<GitRunner>();
        using var local = await GitRepository.OpenLocalAsync(git, _origin.Path, CancellationToken.None);
        var plain = Directory.CreateTempSubdirectory("reviewbot-plain");
        try
        {
            Assert.That(local!.GitDirectory, Is.EqualTo(Path.Combine(_origin.Path, ".git")));
            Assert.That(await GitRepository.OpenLocalAsync(git, plain.FullName, CancellationToken.None), Is.Null);
            Assert.That(await local.ResolveCommitAsync("no-such-ref", CancellationToken.None), Is.Null);
            Assert.That(await local.ResolveCommitAsync("--output=/tmp/x", CancellationToken.None), Is.Null, "options are never taken as refs");
        }
        finally
        {
            plain.Delete(recursive: true);
        }
    }

    private static TestRepository BigRepository()
    {
        var repo = TestRepository.Create();
        // Random bytes do not compress: about 700 KB of objects, so two mirrors exceed a 1 MB budget.
        repo.Write("data.txt", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(512 * 1024)));
        repo.Commit("data");
        return repo;
    }
}
