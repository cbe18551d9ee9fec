using ReviewBot.Diff;

namespace ReviewBot.Tests.Diff;

/// <summary>GitHub's pull request files API: <c>patch</c> is only hunks, without a final newline, or absent.</summary>
public class DiffParserPatchTests
{
    [Test]
    public void GitHub_patch_is_read_as_hunks_of_the_named_file()
    {
        var file = DiffParser.ParsePatch("src/app.cs", "@@ -1,3 +1,4 @@\n line\n+added\n line\n line");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((file.Path, file.OldPath, file.Kind, file.IsBinary), Is.EqualTo(("src/app.cs", "src/app.cs", FileChangeKind.Modified, false)));
            Assert.That(file.AddedLines, Is.EqualTo(new[] { 2 }));
            Assert.That(file.Hunks.Single().Lines.Select(l => (l.Kind, l.OldLine, l.NewLine, l.Text)), Is.EqualTo(new[]
            {
                (DiffLineKind.Context, (int?)1, (int?)1, "line"),
                (DiffLineKind.Added, null, 2, "added"),
                (DiffLineKind.Context, 2, 3, "line"),
                (DiffLineKind.Context, 3, 4, "line"),
            }));
            Assert.That(file.IsInHunk(4), Is.True);
            Assert.That(file.IsInHunk(5), Is.False);
        }
    }

    [Test]
    public void GitHub_patch_with_several_hunks_and_a_final_newline_marker()
    {
        var file = DiffParser.ParsePatch("README.md",
            "@@ -1,2 +1,2 @@ Title\n-old\n+new\n same\n@@ -40,2 +40,3 @@ Usage\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Hunks.Select(h => h.Section), Is.EqualTo(new[] { "Title", "Usage" }));
            Assert.That(file.AddedLines, Is.EqualTo(new[] { 1, 41, 42 }));
            Assert.That(file.Hunks[1].Lines.Where(l => l.NoNewlineAtEnd).Select(l => l.Kind), Is.EqualTo(new[] { DiffLineKind.Removed, DiffLineKind.Added }));
        }
    }

    [Test]
    public void GitHub_patch_of_an_added_file_starts_at_zero_on_the_old_side()
    {
        var file = DiffParser.ParsePatch("new.txt", "@@ -0,0 +1,2 @@\n+a\n+b");

        Assert.That((file.AddedCount, file.RemovedCount, file.IsAdded(1), file.IsAdded(2)), Is.EqualTo((2, 0, true, true)));
    }

    [TestCase(null)]
    [TestCase("")]
    public void Missing_patch_gives_a_file_without_hunks(string? patch)
    {
        var file = DiffParser.ParsePatch("image.png", patch);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((file.Path, file.Hunks.Count, file.AddedCount), Is.EqualTo(("image.png", 0, 0)));
            Assert.That(file.NearestChangedLine(1), Is.Null);
            Assert.That(file.IsInHunk(1), Is.False);
        }
    }

    [Test]
    public void Patch_that_is_not_hunks_throws()
    {
        Assert.That(() => DiffParser.ParsePatch("a.txt", "not a patch"), Throws.InstanceOf<FormatException>());
    }
}
