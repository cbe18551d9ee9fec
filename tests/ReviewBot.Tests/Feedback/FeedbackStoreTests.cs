using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReviewBot.Feedback;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Feedback;

public sealed class FeedbackStoreTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "store-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private FeedbackStore CreateSut() => new(Options.Create(new FeedbackOptions { Directory = _directory }), Options.Create(new WorkspaceOptions()),
        TimeProvider.System, NullLogger<FeedbackStore>.Instance);

    [Test]
    public async Task What_one_store_writes_another_reads_as_after_a_restart()
    {
        await CreateSut().UpdateAsync("Octo/Repo", f => { f.Rejected = 3; return true; }, CancellationToken.None);

        var read = await CreateSut().ReadAsync("octo/repo", CancellationToken.None);

        Assert.That(read.Rejected, Is.EqualTo(3), "names ignore case, as GitHub's do");
    }

    [Test]
    public async Task Two_stores_on_one_folder_changing_at_once_lose_no_change()
    {
        var stores = new[] { CreateSut(), CreateSut() };

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            stores[i % 2].UpdateAsync("octo/repo", f => { f.Accepted++; return true; }, CancellationToken.None))));

        var read = await CreateSut().ReadAsync("octo/repo", CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Accepted, Is.EqualTo(40));
            Assert.That(Directory.GetFiles(_directory, "*.tmp-*"), Is.Empty, "no temp file left behind");
        }
    }

    [Test]
    public async Task A_file_that_does_not_parse_is_moved_aside_never_overwritten()
    {
        var store = CreateSut();
        Directory.CreateDirectory(_directory);
        File.WriteAllText(store.PathOf("octo/repo"), "not json");

        var read = await store.UpdateAsync("octo/repo", f => { f.Rejected = 1; return true; }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Rejected, Is.EqualTo(1));
            Assert.That(Directory.GetFiles(_directory, "octo+repo.json.corrupt-*").Select(File.ReadAllText), Is.EqualTo(new[] { "not json" }));
        }
    }

    [TestCase("../../etc/passwd")]
    [TestCase("..")]
    [TestCase("a/b/c")]
    public void A_name_never_reaches_outside_the_folder(string repository) =>
        Assert.That(Path.GetDirectoryName(CreateSut().PathOf(repository)), Is.EqualTo(Path.GetFullPath(_directory)));

    [Test]
    public void Without_a_folder_set_it_is_feedback_beside_the_workspace_root() =>
        Assert.That(FeedbackStore.ResolveDirectory(new FeedbackOptions(), new WorkspaceOptions { Root = "/var/lib/reviewbot/workspaces/" }),
            Is.EqualTo("/var/lib/reviewbot/feedback"));
}
