using ReviewBot.Reviews;

namespace ReviewBot.Tests.Reviews;

/// <summary>A dropped finding's cause is one of a few words, read from the engine's own wording and never from the model's.</summary>
public class DroppedFindingTests
{
    [TestCase("verification", "its evidence \"sum -= _lines[i];\" is not at src/a.cs:14", "evidence-not-found")]
    [TestCase("verification", "lines 3-4 did not change since the last review", "unchanged-since-last-review")]
    [TestCase("verification", "src/a.cs has no text change and the evidence is from other files", "no-text-change")]
    [TestCase("verification", "its range 1-900 spans more than 200 lines", "range-too-long")]
    [TestCase("verification", "the path x/y.cs is not in this pull request", "path-not-in-change")]
    [TestCase("verification", "its priority \"P9\" is not one of P0-P3", "bad-priority")]
    [TestCase("verification", "it quotes no evidence", "no-evidence")]
    [TestCase("verification", "lines 40-41 are not lines the change adds or alters", "outside-change")]
    [TestCase("verification", "base lines 3-4 are not lines the change removes", "outside-change")]
    [TestCase("verification", "lines 1-1 are outside the change", "outside-change")]
    [TestCase("deduplication", "it repeats \"its evidence\"", "duplicate")]
    [TestCase("threshold", "P3 with confidence 0.2 is under the threshold (P2 or higher, confidence 0.6 or more)", "below-threshold")]
    [TestCase("limit", "the limit of 10 comments was reached", "comment-limit")]
    [TestCase("limit", "at most 20 compiler errors are reported per review", "compiler-limit")]
    [TestCase("second-opinion", "the verifier model rejected it: its evidence is not at a.cs:1", "rejected-by-verifier")]
    [TestCase("model", "the model server refused part 1 of 2 (400: bad)", "model-refused")]
    [TestCase("model", "no usable answer for part 2 of 2: the model gave an empty answer", "no-usable-answer")]
    [TestCase("verification", "a reason no part writes", "other")]
    [TestCase("a stage no part has", "it repeats", "other")]
    public void A_drop_has_a_cause_of_a_few_words(string stage, string reason, string cause) =>
        Assert.That(new DroppedFinding(stage, reason, "a title", "a.cs", 1).Cause, Is.EqualTo(cause));
}
