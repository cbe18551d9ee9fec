using ReviewBot.Context.Index;

namespace ReviewBot.Tests.Context.Index;

public sealed class WordFilterTests
{
    [Test]
    public void Every_word_of_the_text_may_be_contained()
    {
        var words = Enumerable.Range(0, 2_000).Select(i => $"name_{i}x").ToList();
        var filter = WordFilter.Of(string.Join(" (", words) + " größe Überweisung");

        Assert.That(words.Where(w => !WordFilter.MayContain(filter, w)), Is.Empty);
        Assert.That(WordFilter.MayContain(filter, "größe") && WordFilter.MayContain(filter, "Überweisung"), Is.True);
    }

    [Test]
    public void Words_the_text_does_not_have_are_ruled_out_nearly_always()
    {
        var filter = WordFilter.Of(string.Join('\n', Enumerable.Range(0, 300).Select(i => $"var item{i} = Compute{i}(other{i});")));

        var wrong = Enumerable.Range(0, 10_000).Count(i => WordFilter.MayContain(filter, $"absent{i}"));

        Assert.That(wrong, Is.LessThan(300), "at most 3% false positives");
    }

    [Test]
    public void A_word_inside_a_longer_word_is_not_a_word_of_the_text()
    {
        var filter = WordFilter.Of("public class ContextBuilderTests { }");

        Assert.That(WordFilter.MayContain(filter, "ContextBuilderTests"), Is.True);
        Assert.That(WordFilter.MayContain(filter, "ContextBuilder"), Is.False);
    }

    [Test]
    public void An_empty_filter_means_unknown_and_says_maybe()
    {
        Assert.That(WordFilter.MayContain([], "anything"), Is.True);
        Assert.That(WordFilter.Of(""), Has.Length.EqualTo(8), "the smallest filter, all bits clear");
        Assert.That(WordFilter.MayContain(WordFilter.Of(""), "anything"), Is.False);
    }
}
