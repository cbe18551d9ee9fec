using ReviewBot.Diff;

namespace ReviewBot.Tests.Diff;

/// <summary>The line map that decides where a review comment can go.</summary>
public class FileDiffTests
{
    // New side: hunk 1 covers 1-6 (added 3, 4), hunk 2 covers 20-24 (added 22; old side 18-22 with 20 removed),
    // hunk 3 covers 40-42 and only removes (old 39).
    private const string Patch =
        "@@ -1,4 +1,6 @@\n a\n b\n+c\n+d\n e\n f\n" +
        "@@ -18,5 +20,5 @@ second\n g\n h\n-i\n+I\n j\n k\n" +
        "@@ -38,4 +40,3 @@ third\n l\n-m\n n\n o";

    private static FileDiff CreateSut() => DiffParser.ParsePatch("f.cs", Patch);

    [Test]
    public void IsAdded_is_true_only_for_added_lines()
    {
        var file = CreateSut();

        Assert.That(Enumerable.Range(0, 50).Where(file.IsAdded), Is.EqualTo(new[] { 3, 4, 22 }));
    }

    [Test]
    public void IsInHunk_covers_added_and_context_lines_of_the_new_side()
    {
        var file = CreateSut();

        Assert.That(Enumerable.Range(0, 50).Where(file.IsInHunk),
            Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 20, 21, 22, 23, 24, 40, 41, 42 }));
    }

    [Test]
    public void IsRemovedInHunk_is_true_only_for_removed_old_lines()
    {
        var file = CreateSut();

        Assert.That(Enumerable.Range(0, 50).Where(file.IsRemovedInHunk), Is.EqualTo(new[] { 20, 39 }));
    }

    [Test]
    public void HunkContaining_finds_the_hunk_by_its_new_side()
    {
        var file = CreateSut();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.HunkContaining(1), Is.SameAs(file.Hunks[0]));
            Assert.That(file.HunkContaining(24), Is.SameAs(file.Hunks[1]));
            Assert.That(file.HunkContaining(41), Is.SameAs(file.Hunks[2]));
            Assert.That(file.HunkContaining(7), Is.Null);
            Assert.That(file.HunkContaining(0), Is.Null);
        }
    }

    [Test]
    public void NewText_reads_added_and_context_lines_only()
    {
        var file = CreateSut();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.NewText(3), Is.EqualTo("c"));
            Assert.That(file.NewText(5), Is.EqualTo("e"));
            Assert.That(file.NewText(22), Is.EqualTo("I"));
            Assert.That(file.NewText(41), Is.EqualTo("n"));
            Assert.That(file.NewText(10), Is.Null);
        }
    }

    [TestCase(1, 3, TestName = "Inside a hunk, before its added lines")]
    [TestCase(4, 4, TestName = "On an added line")]
    [TestCase(6, 4, TestName = "Inside a hunk, after its added lines")]
    [TestCase(24, 22, TestName = "Inside the second hunk")]
    [TestCase(10, 4, TestName = "Between hunks, nearer the first")]
    [TestCase(16, 22, TestName = "Between hunks, nearer the second")]
    [TestCase(13, 4, TestName = "Between hunks, as near to both: the earlier wins")]
    [TestCase(41, 22, TestName = "In a hunk without added lines: the nearest hunk with some")]
    [TestCase(500, 22, TestName = "Past the last hunk")]
    [TestCase(-3, 3, TestName = "Before the first hunk")]
    public void NearestChangedLine_prefers_the_containing_hunk_then_the_nearest_one(int line, int expected)
    {
        Assert.That(CreateSut().NearestChangedLine(line), Is.EqualTo(expected));
    }

    [Test]
    public void NearestChangedLine_breaks_a_tie_inside_a_hunk_towards_the_earlier_line()
    {
        var file = DiffParser.ParsePatch("f", "@@ -1,3 +1,5 @@\n+a\n x\n y\n z\n+b");

        Assert.That(file.NearestChangedLine(3), Is.EqualTo(1));
    }

    [Test]
    public void NearestChangedLine_is_null_when_nothing_was_added()
    {
        var file = DiffParser.ParsePatch("f", "@@ -1,2 +1 @@\n a\n-b");

        Assert.That(file.NearestChangedLine(1), Is.Null);
    }

    [Test]
    public void Overlapping_hunks_are_refused()
    {
        var first = new DiffHunk(1, 1, 1, 1, "", [new DiffLine(DiffLineKind.Context, 1, 1, "a")]);

        Assert.That(() => new FileDiff("f", "f", FileChangeKind.Modified, [first, first]), Throws.ArgumentException);
    }

    [Test]
    public void Hunk_lines_that_do_not_follow_the_header_are_refused()
    {
        Assert.That(() => new DiffHunk(1, 1, 1, 1, "", [new DiffLine(DiffLineKind.Context, 2, 1, "a")]), Throws.ArgumentException);
    }
}
