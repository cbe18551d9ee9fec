using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Workspace;

public sealed class BlobReaderTests
{
    [Test]
    public async Task Many_objects_are_read_in_one_batch_in_order_with_nulls_for_what_is_not_a_blob()
    {
        using var repo = TestRepository.Create();
        // More answers than a pipe holds (64 KB), so requests and answers must flow at once.
        foreach (var i in Enumerable.Range(0, 400))
        {
            repo.Write($"f{i}.txt", $"file {i} ünïcode\n" + new string('x', 1_000));
        }
        var commit = repo.Commit("many");
        using var host = EngineHost.Create();
        using var repository = (await GitRepository.OpenLocalAsync(host.Services.GetRequiredService<GitRunner>(), repo.Path, CancellationToken.None))!;
        var ids = (await repository.ListFilesAsync(commit, CancellationToken.None)).OrderBy(e => int.Parse(e.Path[1..^4], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        using var blobs = repository.OpenBlobReader();

        var texts = await blobs.ReadObjectsAsync([.. ids.Select(e => e.ObjectId), "0000000000000000000000000000000000000000", commit], CancellationToken.None);

        Assert.That(texts, Has.Count.EqualTo(402));
        Assert.That(texts.Take(400).Select((t, i) => t!.StartsWith($"file {i} ünïcode\n", StringComparison.Ordinal)), Is.All.True);
        Assert.That(texts[400], Is.Null, "missing");
        Assert.That(texts[401], Is.Null, "a commit, not a blob");
        Assert.That(await blobs.ReadAsync(commit, "f7.txt", CancellationToken.None), Does.StartWith("file 7"), "the reader still answers after the batch");
    }

    [Test]
    public async Task An_object_name_with_a_line_break_is_refused_before_anything_is_sent()
    {
        using var repo = TestRepository.Create();
        var commit = repo.Write("a.txt", "a\n").Commit("one");
        using var host = EngineHost.Create();
        using var repository = (await GitRepository.OpenLocalAsync(host.Services.GetRequiredService<GitRunner>(), repo.Path, CancellationToken.None))!;
        using var blobs = repository.OpenBlobReader();

        Assert.That(() => blobs.ReadObjectsAsync(["HEAD:a.txt\nHEAD:b.txt"], CancellationToken.None), Throws.ArgumentException);
        Assert.That(await blobs.ReadAsync(commit, "a.txt", CancellationToken.None), Is.EqualTo("a\n"));
    }
}
