using ReviewBot.Context;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Context;

/// <summary>Few items, each one that the changed lines need: what is left out, and what is shown once.</summary>
public sealed class ContextBuilderPrecisionTests
{
    private ContextCollector _context = null!;

    [SetUp]
    public void Create() => _context = new ContextCollector();

    [TearDown]
    public void Clean() => _context.Dispose();

    private Task<ContextCandidates> CollectAsync(string baseCommit, string headCommit) => _context.CollectAsync(baseCommit, headCommit);

    private void Callers(int count)
    {
        foreach (var n in Enumerable.Range(0, count))
        {
            _context.Repo.Write($"app/use{n}.py", $"from lib.price import total\n\n\ndef use{n}(items):\n    return total(items) + {n}\n");
        }
    }

    [Test]
    public async Task A_changed_signature_shows_up_to_six_callers_and_a_changed_body_two()
    {
        Callers(9);
        _context.Repo.Write("lib/price.py", "def total(items):\n    return sum(items)\n");
        var baseCommit = _context.Repo.Commit("base");
        var body = _context.Repo.Write("lib/price.py", "def total(items):\n    return sum(items) * 2\n").Commit("body");
        var signature = _context.Repo.Write("lib/price.py", "def total(items, rate=1):\n    return sum(items) * rate\n").Commit("signature");

        var afterBody = await CollectAsync(baseCommit, body);
        var afterSignature = await CollectAsync(body, signature);

        Assert.That(afterBody.Related.Count(i => i.Kind == ContextKind.Caller), Is.EqualTo(2));
        Assert.That(afterSignature.Related.Where(i => i.Kind == ContextKind.Caller).Select(i => i.Reason).Distinct(),
            Is.EqualTo(new[] { "calls total, whose signature the change alters" }));
        Assert.That(afterSignature.Related.Count(i => i.Kind == ContextKind.Caller), Is.EqualTo(6));
    }

    [Test]
    public async Task A_word_that_only_names_a_field_of_another_file_is_no_definition()
    {
        _context.Repo.Write("model/order.py", "class Order:\n    def __init__(self):\n        self.count = 0\n\n\nclass Basket:\n    count = 0\n")
            .Write("app/report.py", "def report(rows):\n    return 0\n");
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("app/report.py", "def report(rows):\n    count = len(rows)\n    return count\n").Commit("use a local");

        var candidates = await CollectAsync(baseCommit, head);

        Assert.That(candidates.Related.Where(i => i.Kind == ContextKind.Definition).Select(i => i.Symbol), Does.Not.Contain("count"));
    }

    [Test]
    public async Task Neighbouring_constants_of_one_file_are_one_item()
    {
        _context.Repo.Write("lib/codes.py", "OK_CODE = 0\nWARN_CODE = 1\nFAIL_CODE = 2\n\n\ndef classify(x):\n    return OK_CODE\n")
            .Write("app/run.py", "from lib.codes import OK_CODE\n\n\ndef run():\n    return 0\n");
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("app/run.py", "from lib.codes import OK_CODE, WARN_CODE, FAIL_CODE\n\n\ndef run():\n    return OK_CODE if WARN_CODE else FAIL_CODE\n")
            .Commit("use the codes");

        var candidates = await CollectAsync(baseCommit, head);

        var items = candidates.Related.Where(i => i.Path == "lib/codes.py").ToList();
        Assert.That(items, Has.Count.EqualTo(1));
        Assert.That((items[0].StartLine, items[0].EndLine), Is.EqualTo((1, 3)));
        Assert.That(items[0].Text, Does.Contain("OK_CODE").And.Contain("WARN_CODE").And.Contain("FAIL_CODE"));
    }
}
