using System.Text;
using ReviewBot.Evaluation;

namespace ReviewBot.Tests.Evaluation;

/// <summary>The benchmark readers: the real shapes read, and every wrong one an error that names the file and the entry.</summary>
public sealed class BenchmarkReadersTests
{
    private string _folder = "";

    [SetUp]
    public void Create() => _folder = Directory.CreateTempSubdirectory("reviewbot-benchmarks-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_folder, recursive: true);

    private string Golden(string json, string name = "keycloak.json")
    {
        Directory.CreateDirectory(Path.Combine(_folder, "golden_comments"));
        var path = Path.Combine(_folder, "golden_comments", name);
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public void A_Martian_golden_file_in_its_published_shape_reads_as_cases_keyed_by_url()
    {
        // Two entries as they are in offline/golden_comments/keycloak.json of withmartian/code-review-benchmark.
        Golden("""
            [
              {
                "pr_title": "Fixing Re-authentication with passkeys",
                "url": "https://github.com/ai-code-review-evaluation/keycloak-greptile/pull/1",
                "original_url": "https://github.com/keycloak/keycloak/pull/41249",
                "az_comment": "reviewed commit is not in the repo",
                "comments": [
                  { "comment": "In UsernameForm.authenticate(), isConditionalPasskeysEnabled() is called without passing the required UserModel parameter.", "severity": "Medium" }
                ]
              },
              {
                "pr_title": "Fix concurrent group access to prevent NullPointerException",
                "url": "https://github.com/keycloak/keycloak/pull/40940",
                "comments": [
                  { "comment": "Returning null from getSubGroupsCount() violates the GroupModel contract.", "severity": "Critical" },
                  { "comment": "The reader thread isn’t waited for; flipping deletedAll to true and asserting immediately can race.", "severity": "Medium" }
                ]
              }
            ]
            """);

        var cases = MartianBenchmark.Read(_folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cases.Select(c => c.Id), Is.EqualTo(new[] { "https://github.com/ai-code-review-evaluation/keycloak-greptile/pull/1", "https://github.com/keycloak/keycloak/pull/40940" }));
            Assert.That(cases.Select(c => c.Repository), Is.EqualTo(new[] { "ai-code-review-evaluation/keycloak-greptile", "keycloak/keycloak" }));
            Assert.That(cases[1].Golden.Select(g => g.Severity), Is.EqualTo(new[] { "Critical", "Medium" }));
            Assert.That(cases[1].Golden[1].Comment, Does.Contain("isn’t waited for"));
            Assert.That(cases.Select(c => c.Source), Is.All.EqualTo(EvalSource.Martian));
        }
    }

    [TestCase("""{"pr_title":"t"}""", "must be a JSON array of pull requests, not an object")]
    [TestCase("""[42]""", "entry 1: must be a JSON object, not the number 42")]
    [TestCase("""[{"pr_title":"t","comments":[]}]""", "entry 1: 'url' is missing or empty")]
    [TestCase("""[{"pr_title":"t","url":7,"comments":[]}]""", "entry 1: 'url' must be a string, not the number 7")]
    [TestCase("""[{"pr_title":"t","url":"https://github.com/a/b/issues/3","comments":[]}]""", "is not a pull request's address")]
    [TestCase("""[{"pr_title":null,"url":"https://github.com/a/b/pull/3","comments":[]}]""", "(https://github.com/a/b/pull/3): 'pr_title' is missing or empty")]
    [TestCase("""[{"pr_title":"t","url":"https://github.com/a/b/pull/3"}]""", "'comments' is missing; it must be an array")]
    [TestCase("""[{"pr_title":"t","url":"https://github.com/a/b/pull/3","comments":"fix it"}]""", "'comments' must be an array, not a string")]
    [TestCase("""[{"pr_title":"t","url":"https://github.com/a/b/pull/3","comments":[]}]""", "'comments' is empty")]
    [TestCase("""[{"pr_title":"t","url":"https://github.com/a/b/pull/3","comments":[{"severity":"High"}]}]""", "comment 1: 'comment' is missing or empty")]
    [TestCase("""[{"pr_title":"t","url":"https://github.com/a/b/pull/3","comments":[{"comment":"x","severity":3}]}]""", "comment 1: 'severity' must be a string, not the number 3")]
    [TestCase("""[{"pr_title":"t","url":"https://github.com/a/b/pull/3","comments":[null]}]""", "comment 1: must be a JSON object, not null")]
    [TestCase("""[{"pr_title":"t", """, "not valid JSON")]
    public void A_wrong_golden_file_is_an_error_naming_the_file_and_the_entry(string json, string expected)
    {
        var path = Golden(json);

        var error = Assert.Throws<BenchmarkInputException>(() => MartianBenchmark.Read(_folder))!;

        Assert.That(error.Message, Does.StartWith(path).And.Contain(expected));
    }

    [Test]
    public void A_golden_file_that_is_not_UTF8_is_an_error_naming_it()
    {
        var path = Golden("");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("""[{"pr_title":" """), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(""" ","url":"https://github.com/a/b/pull/3","comments":[{"comment":"c"}]}]""")]);

        var error = Assert.Throws<BenchmarkInputException>(() => MartianBenchmark.Read(_folder))!;

        Assert.That(error.Message, Is.EqualTo($"{path}: not valid UTF-8 text."));
    }

    [Test]
    public void The_same_pull_request_in_two_golden_files_is_an_error_naming_both()
    {
        const string entry = """[{"pr_title":"t","url":"https://github.com/a/b/pull/3","comments":[{"comment":"c","severity":"Low"}]}]""";
        var first = Golden(entry, "a.json");
        var second = Golden(entry, "b.json");

        var error = Assert.Throws<BenchmarkInputException>(() => MartianBenchmark.Read(_folder))!;

        Assert.That(error.Message, Does.StartWith(second).And.Contain(first));
    }

    [Test]
    public void A_folder_without_golden_files_is_an_error() =>
        Assert.That(Assert.Throws<BenchmarkInputException>(() => MartianBenchmark.Read(_folder))!.Message, Does.Contain("no golden comment files"));

    [Test]
    public void SWE_PRBench_records_take_their_human_comments_from_the_annotations_beside_them()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "annotations"));
        File.WriteAllText(Path.Combine(_folder, "annotations", "agents__3608_human.json"),
            """{"comments":[{"comment_id":"c_1","body":"This drops the retry on 429.","path":"src/client.py","line":40}]}""");
        var prs = Path.Combine(_folder, "prs.jsonl");
        File.WriteAllText(prs, """
            {"task_id":"agents__3608","repo":"openai/agents","pr_number":3608,"title":"Retry transient errors","base_commit":"aaaaaaa","head_commit":"bbbbbbb"}

            {"task_id":"agents__3909","repo":"openai/agents","pr_number":3909,"human_comments":[{"comment":"Leaks the handle.","severity":"High"}]}
            """);

        var cases = SwePrBenchmark.Read(prs);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cases.Select(c => c.Id), Is.EqualTo(new[] { "agents__3608", "agents__3909" }));
            Assert.That(cases[0].Url, Is.EqualTo("https://github.com/openai/agents/pull/3608"));
            Assert.That((cases[0].BaseSha, cases[0].HeadSha), Is.EqualTo(("aaaaaaa", "bbbbbbb")));
            Assert.That(cases[0].Golden.Single(), Is.EqualTo(new GoldenComment("This drops the retry on 429.", null) { Path = "src/client.py", Line = 40 }));
            Assert.That(cases[1].Golden.Single(), Is.EqualTo(new GoldenComment("Leaks the handle.", "High")));
        }
    }

    [TestCase("""{"repo":"a/b","pr_number":1,"human_comments":[{"body":"x"}]}""", "line 1: 'task_id' is missing")]
    [TestCase("""{"task_id":"t","repo":"not a repo","pr_number":1,"human_comments":[{"body":"x"}]}""", "(t): 'repo' must be owner/name")]
    [TestCase("""{"task_id":"t","repo":"a/b","pr_number":"1","human_comments":[{"body":"x"}]}""", "(t): 'pr_number' must be a positive whole number, not a string")]
    [TestCase("""{"task_id":"t","repo":"a/b","pr_number":1}""", "(t): no human comments")]
    [TestCase("""{"task_id":"t","repo":"a/b","pr_number":1,"human_comments":[{"line":3}]}""", "(t): comment 1: 'body' (or 'comment') is missing")]
    [TestCase("""[1,2]""", "line 1: must be a JSON object, not an array")]
    public void A_wrong_SWE_PRBench_record_is_an_error_naming_the_file_and_the_line(string line, string expected)
    {
        var prs = Path.Combine(_folder, "prs.jsonl");
        File.WriteAllText(prs, line + "\n");

        var error = Assert.Throws<BenchmarkInputException>(() => SwePrBenchmark.Read(prs))!;

        Assert.That(error.Message, Does.StartWith(prs).And.Contain(expected));
    }

    [Test]
    public void A_clean_list_skips_blank_lines_and_comments_and_reviews_each_commit_once()
    {
        var list = Path.Combine(_folder, "clean.txt");
        File.WriteAllText(list, "# sound changes\n\nacme/billing 0123abcd\n  acme/shop   FEDCBA9876543210fedcba9876543210fedcba98  \nacme/billing 0123ABCD\n");

        var cases = CleanPullRequests.Read(list);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cases.Select(c => c.Id), Is.EqualTo(new[] { "acme/billing@0123abcd", "acme/shop@fedcba9876543210fedcba9876543210fedcba98" }));
            Assert.That(cases.Select(c => c.IsClean), Is.All.True);
            Assert.That(cases.Select(c => c.Golden), Is.All.Empty);
        }
    }

    [TestCase("acme/billing")]
    [TestCase("acme/billing main")]
    [TestCase("billing 0123abcd")]
    [TestCase("acme/billing 0123abcd extra")]
    public void A_wrong_clean_line_is_an_error_naming_the_file_and_the_line(string line)
    {
        var list = Path.Combine(_folder, "clean.txt");
        File.WriteAllText(list, "# header\n" + line + "\n");

        var error = Assert.Throws<BenchmarkInputException>(() => CleanPullRequests.Read(list))!;

        Assert.That(error.Message, Does.StartWith(list + ": line 2: expected \"owner/name commit\""));
    }
}
