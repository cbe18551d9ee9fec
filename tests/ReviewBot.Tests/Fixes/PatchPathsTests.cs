using ReviewBot.Fixes;

namespace ReviewBot.Tests.Fixes;

public sealed class PatchPathsTests
{
    [Test]
    public void Header_paths_lose_their_prefix_timestamp_and_quotes_and_dev_null_is_no_path()
    {
        var diff = "--- /dev/null\n+++ \"b/docs/ünï cödé.md\"\t2026-01-01 00:00:00\n@@ -0,0 +1 @@\n+x\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-y\n";

        var paths = PatchPaths.Read(diff, out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(paths.Names, Is.EqualTo(new[] { "docs/ünï cödé.md", "gone.txt" }));
        Assert.That(paths.Prefixed, Is.True);
    }

    [Test]
    public void A_removed_line_that_looks_like_a_header_is_not_a_path()
    {
        var diff = "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,1 @@\n--- a/etc\n ok\n";

        var paths = PatchPaths.Read(diff, out _);

        Assert.That(paths.Names, Is.EqualTo(new[] { "x.md" }));
    }

    [TestCase("just prose, no diff", "no file headers")]
    [TestCase("diff --git a/x b/x\nnew file mode 160000\n--- /dev/null\n+++ b/x\n", "submodule")]
    [TestCase("diff --git a/x.png b/x.png\nGIT binary patch\nliteral 5\n", "binary")]
    public void A_diff_without_headers_or_with_a_submodule_or_binary_data_is_refused(string diff, string problem)
    {
        PatchPaths.Read(diff, out var error);

        Assert.That(error, Does.Contain(problem));
    }
}
