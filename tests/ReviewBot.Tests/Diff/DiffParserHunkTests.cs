using ReviewBot.Diff;

namespace ReviewBot.Tests.Diff;

/// <summary>Hunk bodies: line numbering, the no-newline marker, CRLF, omitted counts, lines that look like headers.</summary>
public class DiffParserHunkTests
{
    private static string Lines(params string[] lines) => DiffParserTests.Lines(lines);

    private static FileDiff One(params string[] hunkLines) => DiffParser.Parse(Lines(
        ["diff --git a/f b/f", "index 1111111..2222222 100644", "--- a/f", "+++ b/f", .. hunkLines])).Single();

    [Test]
    public void No_newline_at_end_on_the_old_side_marks_the_removed_line()
    {
        var file = One(
            "@@ -1,2 +1,2 @@",
            " one",
            "-two",
            "\\ No newline at end of file",
            "+two");

        Assert.That(file.Hunks.Single().Lines, Is.EqualTo(new[]
        {
            new DiffLine(DiffLineKind.Context, 1, 1, "one"),
            new DiffLine(DiffLineKind.Removed, 2, null, "two") { NoNewlineAtEnd = true },
            new DiffLine(DiffLineKind.Added, null, 2, "two"),
        }));
    }

    [Test]
    public void No_newline_at_end_on_the_new_side_marks_the_added_line_and_is_not_counted()
    {
        var file = One(
            "@@ -1 +1 @@",
            "-two",
            "+two",
            "\\ No newline at end of file");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Hunks.Single().Lines.Select(l => (l.Kind, l.NoNewlineAtEnd)),
                Is.EqualTo(new[] { (DiffLineKind.Removed, false), (DiffLineKind.Added, true) }));
            Assert.That((file.AddedCount, file.RemovedCount), Is.EqualTo((1, 1)));
        }
    }

    [Test]
    public void No_newline_at_end_on_both_sides_marks_both_lines()
    {
        var files = DiffParser.Parse(Lines(
            "diff --git a/f b/f",
            "index 1111111..2222222 100644",
            "--- a/f",
            "+++ b/f",
            "@@ -1 +1 @@",
            "-a",
            "\\ No newline at end of file",
            "+b",
            "\\ No newline at end of file",
            "diff --git a/g b/g",
            "deleted file mode 100644",
            "index e69de29..0000000"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(files[0].Hunks.Single().Lines.Select(l => l.NoNewlineAtEnd), Is.EqualTo(new[] { true, true }));
            Assert.That((files[1].Path, files[1].Kind), Is.EqualTo(("g", FileChangeKind.Deleted)));
        }
    }

    [Test]
    public void Crlf_content_keeps_the_carriage_return_in_the_text()
    {
        var file = One(
            "@@ -1,2 +1,3 @@",
            " first\r",
            "-second\r",
            "+second \r",
            "+lone\rcarriage return");

        Assert.That(file.Hunks.Single().Lines.Select(l => l.Text),
            Is.EqualTo(new[] { "first\r", "second\r", "second \r", "lone\rcarriage return" }));
        Assert.That(file.NewText(2), Is.EqualTo("second \r"));
    }

    [Test]
    public void Omitted_hunk_counts_mean_one()
    {
        var file = One(
            "@@ -5 +7 @@",
            "-a",
            "+b");

        var hunk = file.Hunks.Single();
        Assert.That((hunk.OldStart, hunk.OldCount, hunk.NewStart, hunk.NewCount), Is.EqualTo((5, 1, 7, 1)));
    }

    [TestCase("@@ -1 +1 @@", "")]
    [TestCase("@@ -1 +1 @@ public void Run()", "public void Run()")]
    [TestCase("@@ -1 +1 @@  two spaces @@ inside", " two spaces @@ inside")]
    [TestCase("@@ -1 +1 @@ crlf section\r", "crlf section")]
    public void Section_is_the_text_after_the_second_at_signs(string header, string section)
    {
        var file = One(header, "-a", "+b");

        Assert.That(file.Hunks.Single().Section, Is.EqualTo(section));
    }

    [Test]
    public void Lines_that_look_like_headers_stay_content_while_the_hunk_lasts()
    {
        var file = One(
            "@@ -1,3 +1,3 @@",
            "--- a/other",
            "-diff --git a/x b/x",
            "+++ b/other",
            "+@@ -1 +1 @@",
            " ");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Hunks.Single().Lines.Select(l => (l.Kind, l.Text)), Is.EqualTo(new[]
            {
                (DiffLineKind.Removed, "-- a/other"),
                (DiffLineKind.Removed, "diff --git a/x b/x"),
                (DiffLineKind.Added, "++ b/other"),
                (DiffLineKind.Added, "@@ -1 +1 @@"),
                (DiffLineKind.Context, ""),
            }));
        }
    }

    [Test]
    public void Empty_line_inside_a_hunk_is_an_empty_context_line()
    {
        var file = One(
            "@@ -1,3 +1,3 @@",
            " a",
            "",
            "-b",
            "+c");

        Assert.That(file.Hunks.Single().Lines[1], Is.EqualTo(new DiffLine(DiffLineKind.Context, 2, 2, "")));
    }

    [Test]
    public void Several_hunks_number_their_lines_from_their_own_headers()
    {
        var file = One(
            "@@ -1,2 +1,3 @@",
            " a",
            "+b",
            " c",
            "@@ -20,2 +21,1 @@ section",
            "-x",
            " y");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Hunks, Has.Count.EqualTo(2));
            Assert.That(file.Hunks[1].Lines.Select(l => (l.OldLine, l.NewLine)), Is.EqualTo(new[] { ((int?)20, (int?)null), (21, 21) }));
            Assert.That(file.IsRemovedInHunk(20), Is.True);
            Assert.That(file.IsRemovedInHunk(21), Is.False);
        }
    }

    [Test]
    public void Hunk_cut_short_throws_with_the_line_number()
    {
        Assert.That(() => One(
            "@@ -1,3 +1,3 @@",
            " a",
            "diff --git a/g b/g"), Throws.InstanceOf<FormatException>().With.Message.Contains("Diff line 7"));
    }

    [Test]
    public void Hunk_with_more_lines_than_its_header_throws()
    {
        Assert.That(() => One(
            "@@ -1 +1 @@",
            "+a",
            "+b"), Throws.InstanceOf<FormatException>());
    }

    [Test]
    public void Unreadable_hunk_header_throws()
    {
        Assert.That(() => One("@@ -x +1 @@", "+a"), Throws.InstanceOf<FormatException>().With.Message.Contains("hunk header"));
    }
}
