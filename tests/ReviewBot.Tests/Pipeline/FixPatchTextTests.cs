using ReviewBot.Pipeline;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Pipeline;

/// <summary>A fix that is not pushed reaches the author as a suggestion on the thread's lines, or as the whole patch.</summary>
public sealed class FixPatchTextTests
{
    private const string Before = "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\n";

    private static (string Diff, string After) Change(string after)
    {
        using var repo = TestRepository.Create();
        repo.Write("a.txt", Before);
        repo.Commit("before");
        repo.Write("a.txt", after);
        return (repo.Git("diff", "HEAD"), after);
    }

    private static ThreadTarget Lines(int start, int end, bool onBase = false) => new("a.txt", start, end, onBase, "finding");

    [Test]
    public void A_change_inside_the_threads_lines_is_a_suggestion_of_their_new_text()
    {
        var (diff, after) = Change(Before.Replace("line 5\nline 6\n", "line five\nline 6 fixed\nextra\n", StringComparison.Ordinal));

        var text = FixPatchText.Present(diff, Lines(5, 6), _ => after);

        Assert.That(text, Does.Contain("```suggestion\nline five\nline 6 fixed\nextra\n```"));
    }

    [Test]
    public void Removing_every_line_of_the_thread_is_an_empty_suggestion() =>
        Assert.That(FixPatchText.Suggestion(Change(Before.Replace("line 5\nline 6\n", "", StringComparison.Ordinal)).Diff, Lines(5, 6),
            _ => Before.Replace("line 5\nline 6\n", "", StringComparison.Ordinal)), Is.EqualTo(""));

    [TestCase(4, 5, TestName = "A_change_below_the_threads_lines_is_the_whole_patch")]
    [TestCase(7, 8, TestName = "A_change_above_the_threads_lines_is_the_whole_patch")]
    public void A_change_outside_the_threads_lines_is_the_whole_patch_collapsed(int start, int end)
    {
        var (diff, after) = Change(Before.Replace("line 6\n", "line six\n", StringComparison.Ordinal));

        var text = FixPatchText.Present(diff, Lines(start, end), _ => after);

        Assert.That(text, Does.StartWith("<details><summary>The patch</summary>").And.Contain("-line 6\n+line six"));
    }

    [Test]
    public void A_patch_of_two_files_or_without_a_thread_or_on_removed_lines_is_the_whole_patch()
    {
        using var repo = TestRepository.Create();
        repo.Write("a.txt", Before).Write("b.txt", "b\n");
        repo.Commit("before");
        repo.Write("a.txt", Before.Replace("line 5", "five", StringComparison.Ordinal)).Write("b.txt", "bee\n");
        var diff = repo.Git("diff", "HEAD");

        Assert.That(FixPatchText.Present(diff, Lines(5, 5), _ => "x"), Does.StartWith("<details>"));
        Assert.That(FixPatchText.Present(Change("line 1\n").Diff, null, _ => "x"), Does.StartWith("<details>"));
        Assert.That(FixPatchText.Present(Change(Before.Replace("line 5", "five", StringComparison.Ordinal)).Diff, Lines(5, 5, onBase: true), _ => "x"), Does.StartWith("<details>"));
    }

    [Test]
    public void Backticks_in_the_patch_cannot_close_its_block()
    {
        var (diff, after) = Change(Before.Replace("line 5", "```` and ``` end", StringComparison.Ordinal));

        var text = FixPatchText.Present(diff, Lines(5, 5), _ => after);

        Assert.That(text, Does.Contain("`````suggestion\n```` and ``` end\n`````"));
    }
}
