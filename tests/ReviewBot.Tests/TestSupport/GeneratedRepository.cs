using System.Text;

namespace ReviewBot.Tests.TestSupport;

/// <summary>A repository with many small C# files that call each other, and a branch that changes <c>changedFiles</c> of them.</summary>
public static class GeneratedRepository
{
    public static (TestRepository Repository, string Base, string Head) Create(int files, int changedFiles)
    {
        var repo = TestRepository.Create();
        for (var i = 0; i < files; i++)
        {
            repo.Write(PathOf(i), Source(i, files, changed: false));
        }
        var baseCommit = repo.Commit($"{files} services");
        repo.Checkout("feature", create: true);
        for (var i = 0; i < changedFiles; i++)
        {
            repo.Write(PathOf(i), Source(i, files, changed: true));
        }
        var head = repo.Commit($"Change {changedFiles} services");
        repo.Checkout("main");
        return (repo, baseCommit, head);
    }

    public static string PathOf(int i) => $"src/Module{i / 50:D2}/Service{i:D4}.cs";

    private static string Source(int i, int files, bool changed)
    {
        var next = (i + 1) % files;
        var b = new StringBuilder();
        b.Append("namespace Generated.Module").Append(i / 50).Append(";\n\n");
        b.Append("public sealed class Service").Append(i).Append("\n{\n");
        b.Append("    private readonly Dictionary<string, int> _counts = new();\n\n");
        b.Append("    public int Handle").Append(i).Append("(string key, int amount)\n    {\n");
        b.Append("        if (string.IsNullOrEmpty(key))\n        {\n            return 0;\n        }\n");
        b.Append(changed ? "        var total = amount * 2 + Compute" : "        var total = amount + Compute").Append(i).Append("(amount);\n");
        b.Append("        _counts[key] = total;\n");
        b.Append("        return new Service").Append(next).Append("().Handle").Append(next).Append("(key, total").Append(changed ? " - 1" : "").Append(");\n    }\n\n");
        b.Append("    private static int Compute").Append(i).Append("(int value)\n    {\n        return value % 7;\n    }\n}\n");
        return b.ToString();
    }
}
