using ReviewBot.Model;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Model;

/// <summary>
/// Ordinary code and data come out of the masker byte for byte: this repository's own source and documentation, the real
/// code samples and the real webhook payloads under Resources. GitHub's REST description holds example secrets of its
/// own; only those are masked.
/// </summary>
public sealed class SecretCorpusTests
{
    [Test]
    public void The_services_own_source_and_documentation_are_left_alone()
    {
        var files = SourceCorpus.Files().ToList();

        Assert.That(files, Has.Count.GreaterThan(150), "the corpus was found");
        AssertUnchanged(files);
    }

    [Test]
    public void Real_code_samples_and_real_webhook_payloads_are_left_alone()
    {
        var files = Directory.EnumerateFiles(Path.Combine(TestResources.Root, "symbols"))
            .Concat(Directory.EnumerateFiles(Path.Combine(TestResources.Root, "webhooks"), "*.json", SearchOption.AllDirectories))
            .ToList();

        Assert.That(files, Has.Count.GreaterThan(50));
        AssertUnchanged(files);
    }

    [Test]
    public void In_githubs_rest_description_only_its_example_secrets_are_masked()
    {
        var masked = Directory.EnumerateFiles(Path.Combine(TestResources.Root, "github-rest"), "*.json")
            .Select(f => (Text: File.ReadAllText(f), Masked: SecretMasker.Mask(File.ReadAllText(f))))
            .ToList();

        var changed = masked.SelectMany(m => ChangedLines(m.Text, m.Masked.Text)).Select(c => c.Before.Trim()).Distinct().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(masked.SelectMany(m => m.Masked.Kinds).Distinct(), Is.EquivalentTo(new[] { "private key", "GitHub token", "secret assignment" }));
            // apps/create-from-manifest's example answers a made-up App's key and secrets: the conversion's whole point.
            Assert.That(changed, Has.All.Match("^\"(temp_clone_token|token|example)\": \"(ABTLWHOULUVAXGTRYU7OC2876QJ2O|ghs_16C7e42F292c6912E7710c838347Ae178B4a|\\\\\"-----BEGIN RSA PRIVATE KEY-----)"
                + "|^\"client_secret\": \"1726be1638095a19edd134c77bde3aa2ece1e5d8\"|^\"webhook_secret\": \"e340154128314309424b7c8e90325147d99fdafa\"|^\"pem\": \"-----BEGIN RSA PRIVATE KEY-----\\\\nMIIEowIBAAKCAQEAuEPzOUE"));
        }
    }

    private static void AssertUnchanged(IEnumerable<string> files)
    {
        var changed = files.SelectMany(f =>
        {
            var text = File.ReadAllText(f);
            return ChangedLines(text, SecretMasker.Mask(text).Text).Select(c => $"{f}:{c.Line}: {c.Before.Trim()}");
        }).ToList();

        Assert.That(changed, Is.Empty);
    }

    private static IEnumerable<(int Line, string Before)> ChangedLines(string before, string after)
    {
        var (a, b) = (before.Split('\n'), after.Split('\n'));
        return a.Select((line, i) => (Line: i + 1, Before: line)).Where(l => l.Line > b.Length || b[l.Line - 1] != l.Before);
    }
}

/// <summary>The service's own files: every source, project, settings and Markdown file of src/, and the README.</summary>
internal static class SourceCorpus
{
    public static IEnumerable<string> Files()
    {
        var root = SourceTree.Root;
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".cs" or ".csproj" or ".json" or ".md" && !f.Contains("/bin/", StringComparison.Ordinal)
                && !f.Contains("/obj/", StringComparison.Ordinal))
            .Append(Path.Combine(root, "README.md"))
            .Append(Path.Combine(root, "appsettings.json"))
            .Order(StringComparer.Ordinal);
    }

    public static string Text() => string.Concat(Files().Select(File.ReadAllText));
}
