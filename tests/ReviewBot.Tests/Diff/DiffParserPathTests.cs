using ReviewBot.Diff;

namespace ReviewBot.Tests.Diff;

/// <summary>File names as git writes them: C-style quoting, spaces, tabs after names, and the header split.</summary>
public class DiffParserPathTests
{
    private static string Lines(params string[] lines) => DiffParserTests.Lines(lines);

    [TestCase("\"a/caf\\303\\251.txt\"", "\"b/caf\\303\\251.txt\"", "café.txt")]
    [TestCase("\"a/tab\\there\"", "\"b/tab\\there\"", "tab\there")]
    [TestCase("\"a/quo\\\"te\"", "\"b/quo\\\"te\"", "quo\"te")]
    [TestCase("\"a/back\\\\slash\"", "\"b/back\\\\slash\"", "back\\slash")]
    [TestCase("\"a/new\\nline\"", "\"b/new\\nline\"", "new\nline")]
    [TestCase("\"a/\\346\\227\\245\\346\\234\\254 \\360\\237\\230\\200\"", "\"b/\\346\\227\\245\\346\\234\\254 \\360\\237\\230\\200\"", "日本 😀")]
    public void Quoted_names_are_unquoted_as_utf8(string minus, string plus, string expected)
    {
        var file = DiffParser.Parse(Lines(
            $"diff --git {minus} {plus}",
            "index 1111111..2222222 100644",
            $"--- {minus}",
            $"+++ {plus}",
            "@@ -1 +1 @@",
            "-a",
            "+b")).Single();

        Assert.That((file.OldPath, file.NewPath), Is.EqualTo((expected, expected)));
    }

    [Test]
    public void Quoted_rename_lines_name_both_sides()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git \"a/caf\\303\\251.txt\" \"b/new caf\\303\\251.txt\"",
            "similarity index 100%",
            "rename from \"caf\\303\\251.txt\"",
            "rename to \"new caf\\303\\251.txt\"")).Single();

        Assert.That((file.Kind, file.OldPath, file.NewPath), Is.EqualTo((FileChangeKind.Renamed, "café.txt", "new café.txt")));
    }

    [Test]
    public void Names_with_spaces_come_from_the_minus_and_plus_lines_without_their_tab()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/my dir/x b/y.txt b/my dir/x b/y.txt",
            "index 1111111..2222222 100644",
            "--- a/my dir/x b/y.txt\t",
            "+++ b/my dir/x b/y.txt\t",
            "@@ -1 +1 @@",
            "-a",
            "+b")).Single();

        Assert.That((file.OldPath, file.NewPath), Is.EqualTo(("my dir/x b/y.txt", "my dir/x b/y.txt")));
    }

    [Test]
    public void Mode_change_of_a_name_with_spaces_splits_the_header_into_equal_names()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/a b/c d.sh b/a b/c d.sh",
            "old mode 100644",
            "new mode 100755")).Single();

        Assert.That((file.OldPath, file.NewPath, file.NewMode), Is.EqualTo(("a b/c d.sh", "a b/c d.sh", "100755")));
    }

    [Test]
    public void Binary_change_of_a_name_with_spaces_splits_the_header_into_equal_names()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/x b/logo 1.png b/x b/logo 1.png",
            "index 1111111..2222222 100644",
            "Binary files a/x b/logo 1.png and b/x b/logo 1.png differ")).Single();

        Assert.That((file.Path, file.IsBinary), Is.EqualTo(("x b/logo 1.png", true)));
    }

    [Test]
    public void Header_with_one_quoted_name_is_split_at_the_quote()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git a/plain name \"b/tab\\tname\"",
            "similarity index 100%",
            "rename from plain name",
            "rename to \"tab\\tname\"")).Single();

        Assert.That((file.OldPath, file.NewPath), Is.EqualTo(("plain name", "tab\tname")));
    }

    [Test]
    public void Deleted_binary_file_with_quoted_name_takes_its_name_from_the_header()
    {
        var file = DiffParser.Parse(Lines(
            "diff --git \"a/\\303\\251.bin\" \"b/\\303\\251.bin\"",
            "deleted file mode 100644",
            "index 1111111..0000000",
            "Binary files \"a/\\303\\251.bin\" and /dev/null differ")).Single();

        Assert.That((file.Kind, file.OldPath, file.NewPath, file.IsBinary), Is.EqualTo((FileChangeKind.Deleted, "é.bin", (string?)null, true)));
    }
}
