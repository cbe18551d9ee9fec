using System.Text.Json.Nodes;
using ReviewBot.Cli;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Evaluation;

/// <summary>What the scripted reviewing model does with each pull request of the small benchmark.</summary>
public enum Planting
{
    /// <summary>Exactly the golden issue, on the changed line, with evidence that is there.</summary>
    Golden,

    /// <summary>No finding, and an intent that matches.</summary>
    Nothing,

    /// <summary>Only findings the verifier must drop: evidence that is not in the code, a line the change does not touch, a path not in the change.</summary>
    Fabricated,

    /// <summary>The golden issue on acme/billing, but as a P3 at confidence 0.55: under the default threshold (P1, 0.7).</summary>
    Doubtful,
}

/// <summary>
/// A small benchmark in the real formats: two pull requests (refs/pull/1/head) in two generated repositories served
/// from a folder of bare repositories (owner/name), Martian golden comments and SWE-PRBench records for them, and the
/// two scripted models: the reviewer (one answer per PR, chosen by the file it is shown) and the judge (Martian's
/// prompts; a candidate matches a golden comment when both name the same issue's key words).
/// </summary>
public sealed class EvalBench : IAsyncDisposable
{
    public const string ShopPath = "cart.py";
    private const string ShopBug = "    return total(items) - total(items) * percent";

    private readonly List<TestRepository> _sources = [];

    private EvalBench(FakeModel model, FakeModel judge, string root)
    {
        Model = model;
        Judge = judge;
        Root = root;
    }

    public FakeModel Model { get; }

    public FakeModel Judge { get; }

    public string Root { get; }

    public string Remotes => Path.Combine(Root, "remotes");

    public string Out => Path.Combine(Root, "out");

    public string MartianFolder => Path.Combine(Root, "martian");

    public string SwePrBenchFile => Path.Combine(Root, "swe", "prs.jsonl");

    public Dictionary<string, (string Base, string Head)> Commits { get; } = [];

    public Planting Planting { get; set; } = Planting.Golden;

    /// <summary>The pull requests, their golden comment, and the key words a candidate naming that issue has.</summary>
    public static readonly (string Repository, string Title, string Golden, string Severity, string Key)[] PullRequests =
    [
        ("acme/billing", "Invoice total goes through the discount rules",
            "Total() starts the loop at index 1, so the first invoice line is never added to the total.", "High", "first invoice line"),
        ("acme/shop", "Discounted totals for the cart",
            "discounted() multiplies by percent without dividing by 100, so a 10% discount takes off ten times the total. Ümlaut: 割引", "Critical", "by 100"),
    ];

    public static async Task<EvalBench> CreateAsync()
    {
        var root = Directory.CreateTempSubdirectory("reviewbot-eval-").FullName;
        var bench = new EvalBench(await FakeModel.StartAsync(), await FakeModel.StartAsync(), root);
        var (billing, billingBase, billingHead) = BillingRepository.Create();
        bench.Serve("acme/billing", billing, billingBase, billingHead);
        var (shop, shopBase, shopHead) = CreateShop();
        bench.Serve("acme/shop", shop, shopBase, shopHead);
        bench.WriteMartian();
        bench.WriteSwePrBench();
        bench.Model.Default = bench.Review;
        bench.Judge.Default = Judgement;
        return bench;
    }

    /// <summary>Settings for both models and a workspace of this bench's own.</summary>
    public Dictionary<string, string?> Settings() => Model.Settings(new Dictionary<string, string?>
    {
        ["Judge:Endpoint"] = Judge.Endpoint.ToString(),
        ["Judge:Name"] = "fake-judge",
        ["Judge:ApiKey"] = "sk-test-key-for-the-fake-judge",
        ["Workspace:Root"] = Path.Combine(Root, "workspace"),
    });

    public async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["eval", .. args], output, error, Settings());
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The martian run most tests make: clones from the local remotes, results in <see cref="Out"/>.</summary>
    public Task<(int Exit, string Output, string Error)> RunMartianAsync(params string[] more) =>
        RunAsync(["--martian", MartianFolder, "--github-url", new Uri(Remotes + "/").AbsoluteUri, "--out", Out, .. more]);

    public JsonObject Report() => JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "report.json")))!.AsObject();

    public static JsonArray Cases(JsonObject report) => report["cases"]!.AsArray();

    public static int Count(JsonNode? testCase, string list) => testCase![list]!.AsArray().Count;

    /// <summary>
    /// Turns acme/shop's pull request into a merged one, as most of a public benchmark's are: main moves on (an unrelated
    /// commit), then merges the head with a merge commit, and moves on again.
    /// </summary>
    public void MergeShop()
    {
        var bare = Path.Combine(Remotes, "acme", "shop");
        var work = Path.Combine(Root, "shop-merge");
        TestRepository.Run(Root, "clone", "--quiet", bare, work);
        TestRepository.Run(work, "fetch", "--quiet", "origin", "refs/pull/1/head");
        File.WriteAllText(Path.Combine(work, "README.md"), "# Shop\n");
        TestRepository.Run(work, "add", "-A");
        TestRepository.Run(work, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "Readme");
        TestRepository.Run(work, "-c", "user.name=T", "-c", "user.email=t@example.com", "merge", "--quiet", "--no-ff", "-m", "Merge pull request #1", "FETCH_HEAD");
        File.WriteAllText(Path.Combine(work, "NOTES.md"), "later\n");
        TestRepository.Run(work, "add", "-A");
        TestRepository.Run(work, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "Later work");
        TestRepository.Run(work, "push", "--quiet", "origin", "HEAD:main");
    }

    private void Serve(string repository, TestRepository source, string baseCommit, string head)
    {
        _sources.Add(source);
        var bare = Path.Combine(Remotes, repository.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(bare)!);
        TestRepository.Run(Root, "clone", "--bare", "--quiet", "--no-local", source.Path, bare);
        TestRepository.Run(bare, "config", "uploadpack.allowFilter", "true");
        TestRepository.Run(bare, "config", "uploadpack.allowAnySHA1InWant", "true");
        // The pull request as GitHub keeps it; the feature branch goes, so only refs/pull/1/head names the head.
        TestRepository.Run(bare, "update-ref", "refs/pull/1/head", head);
        TestRepository.Run(bare, "branch", "-D", "feature");
        Commits[repository] = (baseCommit, head);
    }

    private static (TestRepository, string, string) CreateShop()
    {
        var repo = TestRepository.Create();
        repo.Write(ShopPath, "def total(items):\n    return sum(item.price for item in items)\n");
        var baseCommit = repo.Commit("Cart totals");
        repo.Checkout("feature", create: true);
        repo.Write(ShopPath, "def total(items):\n    return sum(item.price for item in items)\n\n\ndef discounted(items, percent):\n" + ShopBug + "\n");
        var head = repo.Commit("Discounted totals for the cart");
        repo.Checkout("main");
        return (repo, baseCommit, head);
    }

    private void WriteMartian()
    {
        Directory.CreateDirectory(Path.Combine(MartianFolder, "golden_comments"));
        foreach (var pr in PullRequests)
        {
            // The real file's shape: an array of { pr_title, url, (original_url,) comments: [{ comment, severity }] }.
            var entries = new JsonArray(new JsonObject
            {
                ["pr_title"] = pr.Title,
                ["url"] = $"https://github.com/{pr.Repository}/pull/1",
                ["original_url"] = $"https://github.com/{pr.Repository}/pull/1",
                ["comments"] = new JsonArray(new JsonObject { ["comment"] = pr.Golden, ["severity"] = pr.Severity }),
            });
            File.WriteAllText(Path.Combine(MartianFolder, "golden_comments", pr.Repository.Split('/')[1] + ".json"), entries.ToJsonString());
        }
    }

    private void WriteSwePrBench()
    {
        Directory.CreateDirectory(Path.Combine(Root, "swe", "annotations"));
        var lines = new List<string>();
        foreach (var pr in PullRequests)
        {
            var task = pr.Repository.Split('/')[1] + "__1";
            lines.Add(new JsonObject
            {
                ["task_id"] = task,
                ["repo"] = pr.Repository,
                ["pr_number"] = 1,
                ["title"] = pr.Title,
                ["base_commit"] = Commits[pr.Repository].Base,
                ["head_commit"] = Commits[pr.Repository].Head,
            }.ToJsonString());
            File.WriteAllText(Path.Combine(Root, "swe", "annotations", task + "_human.json"), new JsonObject
            {
                ["comments"] = new JsonArray(new JsonObject { ["comment_id"] = "c_1", ["body"] = pr.Golden }),
            }.ToJsonString());
        }
        File.WriteAllText(SwePrBenchFile, string.Join("\n", lines) + "\n");
    }

    private FakeModelReply Review(JsonObject request)
    {
        var prompt = FakeModel.Prompt(request);
        var shop = prompt.Contains(ShopPath, StringComparison.Ordinal);
        return (Planting, shop) switch
        {
            (Planting.Nothing, _) => FakeModelReply.Review("matches", "Does what it says."),
            (Planting.Doubtful, false) => FakeModelReply.Review("matches", "Does what it says.",
                FakeModelReply.Finding(BillingRepository.InvoicePath, 12, 12, "P3", 0.55, "Loop skips the first invoice line",
                    "The loop starts at 1, so the first amount is never added.", [(BillingRepository.InvoicePath, 12, BillingRepository.BuggyLoop)])),
            (Planting.Doubtful, true) => FakeModelReply.Review("matches", "Does what it says."),
            (Planting.Golden, false) => BillingRepository.LoopFinding(),
            (Planting.Golden, true) => FakeModelReply.Review("matches", "Adds the discounted total.",
                FakeModelReply.Finding(ShopPath, 6, 6, "P1", 0.9, "Discount is not divided by 100",
                    "percent is a percentage, so the product must be divided by 100 before it is subtracted.", [(ShopPath, 6, ShopBug.Trim())])),
            (_, false) => FakeModelReply.Review("matches", "Does what it says.",
                FakeModelReply.Finding(BillingRepository.InvoicePath, 12, 12, "P1", 0.9, "Loop skips the first invoice line",
                    "Invented evidence.", [(BillingRepository.InvoicePath, 12, "for (int i = 2; i <= count; i++)")]),
                FakeModelReply.Finding(BillingRepository.InvoicePath, 1, 1, "P1", 0.9, "Namespace is wrong for the first invoice line",
                    "A line the change does not touch.", [(BillingRepository.InvoicePath, 1, "namespace Billing;")])),
            (_, true) => FakeModelReply.Review("matches", "Does what it says.",
                FakeModelReply.Finding("src/pricing.py", 3, 3, "P1", 0.9, "Discount is not divided by 100",
                    "A file the change does not have.", [("src/pricing.py", 3, "return price * rate")])),
        };
    }

    /// <summary>Martian's judge prompt in, its JSON out: a match when golden and candidate share an issue's key words; no issues in any summary.</summary>
    public static FakeModelReply Judgement(JsonObject request)
    {
        var prompt = FakeModel.Prompt(request);
        if (prompt.Contains("extract individual issues", StringComparison.Ordinal))
        {
            return FakeModelReply.Content("""{"issues": []}""", promptTokens: 400, cachedTokens: 0, completionTokens: 10);
        }
        var at = prompt.IndexOf("Candidate Issue", StringComparison.Ordinal);
        var (golden, candidate) = (prompt[..at], prompt[at..]);
        var key = PullRequests.Select(p => p.Key).FirstOrDefault(k => golden.Contains(k, StringComparison.Ordinal));
        var match = key is not null && candidate.Contains(key, StringComparison.OrdinalIgnoreCase);
        return FakeModelReply.Content(new JsonObject
        {
            ["reasoning"] = match ? "Both describe the same bug." : "Different issues.",
            ["match"] = match,
            ["confidence"] = match ? 0.9 : 0.1,
        }.ToJsonString(), promptTokens: 350, cachedTokens: 0, completionTokens: 30);
    }

    public async ValueTask DisposeAsync()
    {
        await Model.DisposeAsync();
        await Judge.DisposeAsync();
        foreach (var source in _sources)
        {
            source.Dispose();
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind harms nothing.
        }
    }
}
