using ReviewBot.Diff;

namespace ReviewBot.Tests.Diff;

/// <summary>The header forms of <c>git diff</c>, one small hand-written diff each.</summary>
public class DiffParserTests
{
    /// <summary>Diff text from lines: explicit, so that trailing spaces, tabs and \r are visible in the test.</summary>
    internal static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    [Test]
    public void Modified_file_maps_old_and_new_line_numbers()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/src/app.cs b/src/app.cs",
            "index 83db48f..bf269f4 100644",
            "--- a/src/app.cs",
            "+++ b/src/app.cs",
            "@@ -10,4 +10,5 @@ class App",
            " keep",
            "-old",
            "+new",
            "+more",
            " tail",
            " end")).Single();

        var hunk = file.Hunks.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((file.Kind, file.OldPath, file.NewPath, file.Path), Is.EqualTo((FileChangeKind.Modified, "src/app.cs", "src/app.cs", "src/app.cs")));
            Assert.That((file.OldMode, file.NewMode, file.IsBinary, file.Similarity), Is.EqualTo(("100644", "100644", false, (int?)null)));
            Assert.That((hunk.OldStart, hunk.OldCount, hunk.NewStart, hunk.NewCount, hunk.Section), Is.EqualTo((10, 4, 10, 5, "class App")));
            Assert.That(hunk.Lines, Is.EqualTo(new[]
            {
                new DiffLine(DiffLineKind.Context, 10, 10, "keep"),
                new DiffLine(DiffLineKind.Removed, 11, null, "old"),
                new DiffLine(DiffLineKind.Added, null, 11, "new"),
                new DiffLine(DiffLineKind.Added, null, 12, "more"),
                new DiffLine(DiffLineKind.Context, 12, 13, "tail"),
                new DiffLine(DiffLineKind.Context, 13, 14, "end"),
            }));
            Assert.That((file.AddedCount, file.RemovedCount), Is.EqualTo((2, 1)));
            Assert.That(file.AddedLines, Is.EqualTo(new[] { 11, 12 }));
        }
    }

    [Test]
    public void Added_file_has_no_old_path_and_takes_the_new_file_mode()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/new.txt b/new.txt",
            "new file mode 100755",
            "index 0000000..3b18e51",
            "--- /dev/null",
            "+++ b/new.txt",
            "@@ -0,0 +1,2 @@",
            "+hello",
            "+world")).Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((file.Kind, file.OldPath, file.NewPath, file.Path), Is.EqualTo((FileChangeKind.Added, (string?)null, "new.txt", "new.txt")));
            Assert.That((file.OldMode, file.NewMode), Is.EqualTo(((string?)null, "100755")));
            Assert.That(file.Hunks.Single().Lines.Select(l => (l.Kind, l.OldLine, l.NewLine)),
                Is.EqualTo(new[] { (DiffLineKind.Added, (int?)null, (int?)1), (DiffLineKind.Added, null, 2) }));
        }
    }

    [Test]
    public void Deleted_file_has_no_new_path_and_takes_the_deleted_file_mode()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/old.txt b/old.txt",
            "deleted file mode 100644",
            "index 3b18e51..0000000",
            "--- a/old.txt",
            "+++ /dev/null",
            "@@ -1 +0,0 @@",
            "-bye")).Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((file.Kind, file.OldPath, file.NewPath, file.Path), Is.EqualTo((FileChangeKind.Deleted, "old.txt", (string?)null, "old.txt")));
            Assert.That((file.OldMode, file.NewMode), Is.EqualTo(("100644", (string?)null)));
            Assert.That(file.Hunks.Single().Lines.Single(), Is.EqualTo(new DiffLine(DiffLineKind.Removed, 1, null, "bye")));
        }
    }

    [Test]
    public void Empty_added_file_has_no_hunks()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/empty b/empty",
            "new file mode 100644",
            "index 0000000..e69de29")).Single();

        Assert.That((file.Kind, file.Path, file.Hunks.Count, file.NewMode), Is.EqualTo((FileChangeKind.Added, "empty", 0, "100644")));
    }

    [Test]
    public void Renamed_file_without_edits_has_no_hunks()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/docs/old name.md b/docs/new name.md",
            "similarity index 100%",
            "rename from docs/old name.md",
            "rename to docs/new name.md")).Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((file.Kind, file.OldPath, file.NewPath, file.Similarity), Is.EqualTo((FileChangeKind.Renamed, "docs/old name.md", "docs/new name.md", (int?)100)));
            Assert.That(file.Hunks, Is.Empty);
        }
    }

    [Test]
    public void Renamed_file_with_edits_maps_both_sides()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/lib/a.py b/src/b.py",
            "similarity index 88%",
            "rename from lib/a.py",
            "rename to src/b.py",
            "index 1111111..2222222 100644",
            "--- a/lib/a.py",
            "+++ b/src/b.py",
            "@@ -3,3 +3,3 @@ def f():",
            " x = 1",
            "-y = 2",
            "+y = 3",
            " return x")).Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((file.Kind, file.OldPath, file.NewPath, file.Similarity), Is.EqualTo((FileChangeKind.Renamed, "lib/a.py", "src/b.py", (int?)88)));
            Assert.That(file.IsRemovedInHunk(4), Is.True);
            Assert.That(file.IsAdded(4), Is.True);
            Assert.That(file.NewText(5), Is.EqualTo("return x"));
        }
    }

    [Test]
    public void Copied_file_keeps_source_and_similarity()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/template.cfg b/copy.cfg",
            "similarity index 75%",
            "copy from template.cfg",
            "copy to copy.cfg",
            "index 1111111..2222222 100644",
            "--- a/template.cfg",
            "+++ b/copy.cfg",
            "@@ -1,2 +1,2 @@",
            " a",
            "-b",
            "+c")).Single();

        Assert.That((file.Kind, file.OldPath, file.NewPath, file.Similarity, file.AddedCount), Is.EqualTo((FileChangeKind.Copied, "template.cfg", "copy.cfg", (int?)75, 1)));
    }

    [Test]
    public void Mode_change_without_content_change_records_both_modes()
    {
        var files = DiffParser.Parse(Lines(
            "diff --git a/run.sh b/run.sh",
            "old mode 100644",
            "new mode 100755",
            "diff --git a/next.txt b/next.txt",
            "index 1111111..2222222 100644",
            "--- a/next.txt",
            "+++ b/next.txt",
            "@@ -1 +1 @@",
            "-a",
            "+b"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(files.Select(f => f.Path), Is.EqualTo(new[] { "run.sh", "next.txt" }));
            Assert.That((files[0].Kind, files[0].OldMode, files[0].NewMode, files[0].Hunks.Count), Is.EqualTo((FileChangeKind.Modified, "100644", "100755", 0)));
        }
    }

    [Test]
    public void Mode_change_with_edits_keeps_modes_and_hunks()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/tool b/tool",
            "old mode 100755",
            "new mode 100644",
            "index 1111111..2222222",
            "--- a/tool",
            "+++ b/tool",
            "@@ -1 +1 @@",
            "-#!/bin/sh",
            "+#!/bin/bash")).Single();

        Assert.That((file.OldMode, file.NewMode, file.AddedCount, file.RemovedCount), Is.EqualTo(("100755", "100644", 1, 1)));
    }

    [Test]
    public void Binary_files_differ_marks_the_file_binary()
    {
        var files = DiffParser.Parse(Lines(
            "diff --git a/img/logo.png b/img/logo.png",
            "index 1111111..2222222 100644",
            "Binary files a/img/logo.png and b/img/logo.png differ",
            "diff --git a/img/new.png b/img/new.png",
            "new file mode 100644",
            "index 0000000..3333333",
            "Binary files /dev/null and b/img/new.png differ"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(files.Select(f => (f.Path, f.Kind, f.IsBinary, f.Hunks.Count)), Is.EqualTo(new[]
            {
                ("img/logo.png", FileChangeKind.Modified, true, 0),
                ("img/new.png", FileChangeKind.Added, true, 0),
            }));
        }
    }

    [Test]
    public void Git_binary_patch_is_skipped_and_marks_the_file_binary()
    {
        var files = DiffParser.Parse(Lines(
            "diff --git a/bin.dat b/bin.dat",
            "index 8352675d67aed6625ece79af41c27fdb4ee2e867..1592e5c60f1a460928916dc5681fee1a9bd10868 100644",
            "GIT binary patch",
            "literal 3",
            "KcmZQzWCj2L2ml2D",
            "",
            "literal 3",
            "KcmZQzWC8#H2LJ>B",
            "",
            "diff --git a/text.txt b/text.txt",
            "index 1111111..2222222 100644",
            "--- a/text.txt",
            "+++ b/text.txt",
            "@@ -1 +1 @@",
            "-a",
            "+b"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(files.Select(f => (f.Path, f.IsBinary, f.Hunks.Count)), Is.EqualTo(new[] { ("bin.dat", true, 0), ("text.txt", false, 1) }));
            Assert.That(files[0].OldMode, Is.EqualTo("100644"));
        }
    }

    [Test]
    public void Submodule_change_parses_as_a_one_line_hunk()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/vendor/lib b/vendor/lib",
            "index 1111111..2222222 160000",
            "--- a/vendor/lib",
            "+++ b/vendor/lib",
            "@@ -1 +1 @@",
            "-Subproject commit 1111111111111111111111111111111111111111",
            "+Subproject commit 2222222222222222222222222222222222222222")).Single();

        Assert.That((file.Path, file.NewMode, file.AddedCount, file.RemovedCount), Is.EqualTo(("vendor/lib", "160000", 1, 1)));
    }

    [Test]
    public void Text_before_the_first_file_is_skipped()
    {
        var file = DiffParser.Parse(Lines(
            "commit 2222222222222222222222222222222222222222",
            "Author: A U Thor <a@example.com>",
            "",
            "    Subject with --- dashes",
            "---",
            " a.txt | 2 +-",
            "",
            "diff --git a/a.txt b/a.txt",
            "index 1111111..2222222 100644",
            "--- a/a.txt",
            "+++ b/a.txt",
            "@@ -1 +1 @@",
            "-a",
            "+b",
            "-- ",
            "2.39.5")).Single();

        Assert.That((file.Path, file.AddedCount), Is.EqualTo(("a.txt", 1)));
    }

    [Test]
    public void Plain_unified_diff_without_git_header_is_read()
    {
        var files = DiffParser.Parse(Lines(
            "--- a/one.txt\t2024-01-01 10:00:00.000000000 +0000",
            "+++ b/one.txt\t2024-01-02 10:00:00.000000000 +0000",
            "@@ -1 +1 @@",
            "-a",
            "+b",
            "--- /dev/null",
            "+++ two.txt",
            "@@ -0,0 +1 @@",
            "+new"));

        Assert.That(files.Select(f => (f.Kind, f.OldPath, f.NewPath)), Is.EqualTo(new[]
        {
            (FileChangeKind.Modified, (string?)"one.txt", (string?)"one.txt"),
            (FileChangeKind.Added, null, "two.txt"),
        }));
    }

    [Test]
    public void Combined_diff_of_a_merge_is_skipped()
    {
        var files = DiffParser.Parse(Lines(
            "diff --cc merged.txt",
            "index 1111111,2222222..3333333",
            "--- a/merged.txt",
            "+++ b/merged.txt",
            "@@@ -1,1 -1,1 +1,1 @@@",
            "- ours",
            " -theirs",
            "++both",
            "diff --git a/next.txt b/next.txt",
            "index 1111111..2222222 100644",
            "--- a/next.txt",
            "+++ b/next.txt",
            "@@ -1 +1 @@",
            "-a",
            "+b"));

        Assert.That(files.Select(f => f.Path), Is.EqualTo(new[] { "next.txt" }));
    }

    [Test]
    public void Empty_diff_has_no_files()
    {
        Assert.That(DiffParser.Parse(""), Is.Empty);
    }
}
