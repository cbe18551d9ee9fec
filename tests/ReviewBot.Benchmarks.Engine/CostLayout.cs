// Instance members kept instance members where they could be static: the layout and sources are passed around as values.
#pragma warning disable CA1822
namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// The shape of the repository <see cref="CostRepository"/> writes: units of 100 files (a C# project with its tests project,
/// or a Python, TypeScript, Go or Java package), each file a pure function of (seed, unit, index), so a file can name the
/// types and methods of the files it calls without holding the tree in memory.
/// </summary>
internal sealed class CostLayout(int seed)
{
    public const int UnitSize = 100;
    public const int SourceFiles = 87; // per unit; the rest are tests (C#: two of them are the .csproj files)

    // 35 of every 50 units are C#, 5 Python, 4 TypeScript, 3 Go, 3 Java; 17 is prime to 50, so the languages interleave.
    private static readonly string[] Pattern = [.. Enumerable.Range(0, 50).Select(u => (u * 17 % 50) switch
    {
        < 35 => "cs",
        < 40 => "py",
        < 44 => "ts",
        < 47 => "go",
        _ => "java",
    })];

    private readonly Dictionary<int, IReadOnlyList<int>> _references = [];

    public static readonly string[] Nouns = ["Invoice", "Order", "Ledger", "Customer", "Account", "Payment", "Shipment", "Catalog",
        "Product", "Price", "Tax", "Report", "Session", "Token", "Message", "Queue", "Schedule", "Route", "Tenant", "Quota",
        "Audit", "Profile", "Address", "Warehouse", "Stock", "Refund", "Coupon", "Cart", "Review", "Rating", "Feed", "Channel",
        "Metric", "Alert", "Policy", "Contract", "Budget", "Forecast", "Batch", "Archive"];

    public static readonly string[] Roles = ["Service", "Repository", "Mapper", "Validator", "Builder", "Handler", "Store", "Client"];

    private static readonly string[] Verbs = ["Compute", "Apply", "Load", "Save", "Find", "Resolve", "Merge", "Split", "Check",
        "Render", "Parse", "Format", "Send", "Fetch", "Update", "Remove", "Count", "Build", "Normalize", "Score"];

    public int Seed => seed;

    public string Language(int unit) => Pattern[unit % Pattern.Length];

    public static bool IsTest(int index) => index >= SourceFiles;

    /// <summary>The type a file declares (unique within its unit; the same names recur in other units, as in real trees).</summary>
    public static string TypeName(int unit, int index) =>
        IsTest(index) ? TypeName(unit, TestTarget(index)) + "Tests" : Nouns[(index + unit) % Nouns.Length] + Roles[index / Nouns.Length % Roles.Length] + (index / Nouns.Length);

    /// <summary>The source file a test file tests.</summary>
    public static int TestTarget(int index) => (index - SourceFiles) * 5 % SourceFiles;

    /// <summary>The methods a file declares: 3–26 names drawn from verbs × nouns, so common names recur across the tree.</summary>
    public IReadOnlyList<string> Methods(int unit, int index)
    {
        var random = Random(unit, index, 1);
        var count = 3 + random.Next(24);
        var names = new List<string>(count);
        while (names.Count < count)
        {
            var name = Verbs[random.Next(Verbs.Length)] + Nouns[random.Next(Nouns.Length)];
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }
        return names;
    }

    /// <summary>
    /// The files a source file calls: two in its own unit and one in a unit it references (the previous unit of the same
    /// language and one further back), so calls cross files, folders and projects.
    /// </summary>
    public IReadOnlyList<(int Unit, int Index)> Dependencies(int unit, int index)
    {
        var own = new List<(int, int)> { (unit, (index + 1) % SourceFiles), (unit, (index + 13) % SourceFiles) };
        foreach (var other in References(unit).Take(1 + index % 2))
        {
            own.Add((other, index * 3 % SourceFiles));
        }
        return own;
    }

    /// <summary>Earlier units of the same language (C#: the ProjectReferences of the project).</summary>
    public IReadOnlyList<int> References(int unit)
    {
        if (_references.TryGetValue(unit, out var known))
        {
            return known;
        }
        var language = Language(unit);
        var earlier = Enumerable.Range(0, unit).Where(u => Language(u) == language).ToList();
        var back = earlier.Count == 0 ? -1 : earlier[Random(unit, 0, 2).Next(earlier.Count)];
        IReadOnlyList<int> found = earlier.Count == 0 ? [] : back == earlier[^1] ? [earlier[^1]] : [earlier[^1], back];
        return _references[unit] = found;
    }

    // Not HashCode.Combine: it is randomized per process, and the tree must be the same on every run.
    public Random Random(int unit, int index, int salt) => new(unchecked((((seed * 1_000_003) + unit) * 8_191 + index) * 131 + salt) & int.MaxValue);
}
