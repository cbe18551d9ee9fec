using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// <c>context-cost --generate DIR</c>: writes a bare git repository of <see cref="CostLayout"/>'s tree with
/// <c>git fast-import</c> (every file inline, so nothing is held in memory), then one commit on top that edits files
/// spread over many units and all five languages. Fixed dates and names: the same arguments give the same commit ids.
/// </summary>
internal static class CostRepository
{
    private const string Committer = "committer Bench <bench@example.invalid> 1764547200 +0000\n";

    // The head commit's share of each language (C# takes the rest).
    private static readonly (string Language, double Share)[] Shares = [("py", 0.095), ("ts", 0.085), ("go", 0.07), ("java", 0.06)];

    public static async Task<int> GenerateAsync(string dir, int files, int changed, int seed)
    {
        var watch = Stopwatch.StartNew();
        var layout = new CostLayout(seed);
        var sources = new CostSources(layout);
        var edits = PickEdits(layout, files, changed);
        Directory.CreateDirectory(dir);
        Run(dir, null, "init", "-q", "--bare", "--initial-branch=main");
        Run(dir, stream =>
        {
            Commit(stream, 1, null, $"base: {files} generated files (seed {seed})");
            foreach (var (unit, index) in Files(files))
            {
                Modify(stream, sources.PathOf(unit, index), sources.Render(unit, index, CostEdit.None));
            }
            Commit(stream, 2, ":1", $"change {edits.Count} files across units and languages");
            foreach (var ((unit, index), edit) in edits)
            {
                Modify(stream, sources.PathOf(unit, index), sources.Render(unit, index, edit));
            }
        }, "fast-import", "--quiet");
        var baseId = (await BenchGit.LinesAsync(dir, "rev-parse", "main^"))[0];
        var headId = (await BenchGit.LinesAsync(dir, "rev-parse", "main"))[0];
        var tree = (await BenchGit.LinesAsync(dir, "ls-tree", "-r", "-l", "main")).Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).ToList();
        var stat = (await BenchGit.LinesAsync(dir, "diff", "--shortstat", baseId, headId)).FirstOrDefault()?.Trim();
        var disk = new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        var perLanguage = string.Join(", ", edits.GroupBy(e => layout.Language(e.Key.Unit)).Select(g => $"{g.Key} {g.Count()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{dir}: {tree.Count} files, {tree.Select(t => t[2]).Distinct(StringComparer.Ordinal).Count()} distinct blobs, {tree.Sum(t => long.Parse(t[3], CultureInfo.InvariantCulture)) / 1_048_576} MB of content, {disk / 1_048_576} MB on disk; generated in {watch.Elapsed.TotalSeconds:0} s"));
        Console.WriteLine($"base {baseId}");
        Console.WriteLine($"head {headId}  ({stat}; {perLanguage}; {edits.Count(e => e.Value == CostEdit.AddCallsAndSignature)} changed signatures)");
        Console.WriteLine($"measure: context-cost --repo {dir} --base {baseId} --head {headId} [--cold-warm]");
        return 0;
    }

    private static IEnumerable<(int Unit, int Index)> Files(int files) =>
        Enumerable.Range(0, files).Select(n => (n / CostLayout.UnitSize, n % CostLayout.UnitSize));

    /// <summary>
    /// The head's edits: each language's share of <paramref name="changed"/>, up to 9 source files per unit, the units spread
    /// evenly over the tree; every 12th C#, Python or TypeScript edit also changes the signature of a method other files call.
    /// </summary>
    private static SortedDictionary<(int Unit, int Index), CostEdit> PickEdits(CostLayout layout, int files, int changed)
    {
        var complete = files / CostLayout.UnitSize;
        var quotas = Shares.ToDictionary(s => s.Language, s => (int)Math.Round(changed * s.Share), StringComparer.Ordinal);
        quotas["cs"] = changed - quotas.Values.Sum();
        var edits = new SortedDictionary<(int Unit, int Index), CostEdit>();
        foreach (var (language, quota) in quotas)
        {
            var units = Enumerable.Range(0, complete).Where(u => layout.Language(u) == language).ToList();
            var needed = Math.Min(units.Count, (quota + 8) / 9);
            var picked = 0;
            for (var k = 0; k < needed && picked < quota; k++)
            {
                var unit = units[k * units.Count / needed];
                for (var j = 0; j < 9 && picked < quota; j++, picked++)
                {
                    var signature = language != "go" && language != "java" && picked % 12 == 5;
                    edits[(unit, (j * 10 + unit) % CostLayout.SourceFiles)] = signature ? CostEdit.AddCallsAndSignature : CostEdit.AddCalls;
                }
            }
        }
        return edits;
    }

    private static void Commit(Stream stream, int mark, string? from, string message)
    {
        Write(stream, $"commit refs/heads/main\nmark :{mark}\n{Committer}");
        Data(stream, message);
        if (from is not null)
        {
            Write(stream, $"from {from}\n");
        }
    }

    private static void Modify(Stream stream, string path, string content)
    {
        Write(stream, $"M 100644 inline {path}\n");
        Data(stream, content);
    }

    private static void Data(Stream stream, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        Write(stream, $"data {bytes.Length}\n");
        stream.Write(bytes);
        stream.WriteByte((byte)'\n');
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));

    private static void Run(string dir, Action<Stream>? input, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardInput = input is not null, UseShellExecute = false };
        start.ArgumentList.Add(args[0] == "init" ? "-C" : "--git-dir=" + dir);
        if (args[0] == "init")
        {
            start.ArgumentList.Add(dir);
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            using var buffered = new BufferedStream(process.StandardInput.BaseStream, 1 << 20);
            input(buffered);
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {args[0]} failed ({process.ExitCode})");
        }
    }
}
