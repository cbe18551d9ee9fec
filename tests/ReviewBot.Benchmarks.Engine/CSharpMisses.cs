using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReviewBot.Context;
using ReviewBot.Context.CSharp;
using ReviewBot.Diff;
using ReviewBot.Workspace;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// Why a C# truth definition was missed (with <c>BENCH_WHY=1</c>): the call sites of the name on the added lines are bound
/// again in the builder's own way (<see cref="ProjectCompiler"/>, the changed files grouped by project) and each missed name
/// gets one cause: its file is in no compilation; the compiler binds it to nothing; to the .NET library or another
/// assembly (metadata); to a source declaration the truth does not list; or to a truth declaration that the builder had as a
/// candidate but did not pack (ranking or budget), or did not have at all.
/// </summary>
internal static class CSharpMisses
{
    public static bool Enabled => Environment.GetEnvironmentVariable("BENCH_WHY") == "1";

    public static async Task<List<(string Name, string Cause)>> ExplainAsync(GitRepository repository, ChangeSet change,
        IReadOnlyCollection<string> missed, IReadOnlyDictionary<string, List<TruthSite>> truth, ContextCandidates candidates)
    {
        var causes = missed.ToDictionary(n => n, _ => "no call site on the added lines of a compiled file (a removed line, or a name the truth sees in a string)", StringComparer.Ordinal);
        using var blobs = repository.OpenBlobReader();
        var tree = await repository.ListFilesAsync(change.Head, CancellationToken.None);
        var compiler = new ProjectCompiler(blobs, change.Head, tree.Select(e => e.Path), ReferenceAssemblies.PacksFolder());
        var files = change.Files.Where(f => !f.IsBinary && f.NewPath is { } p && p.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)).ToList();
        // The builder's order: plan, the changed files' projects, then their dependents (RoslynContext.CollectAsync).
        var groups = files.GroupBy(f => compiler.ProjectOf(f.NewPath!)).ToList();
        await compiler.PlanAsync([.. groups.Select(g => g.Key).OfType<string>()], CancellationToken.None);
        var compiledGroups = new List<(IGrouping<string?, FileDiff> Group, CompiledProject? Compiled)>();
        foreach (var group in groups)
        {
            compiledGroups.Add((group, group.Key is null ? null : await compiler.CompileAsync(group.Key, group.Select(f => f.NewPath!).ToList(), CancellationToken.None)));
        }
        foreach (var (group, _) in compiledGroups.Where(g => g.Compiled is not null))
        {
            await compiler.DependentsAsync(group.Key!, CancellationToken.None);
        }
        foreach (var (group, compiledOrNull) in compiledGroups)
        {
            if (compiledOrNull is not { } compiled)
            {
                foreach (var name in group.SelectMany(CalledOnAddedLines).Where(causes.ContainsKey).Where(n => Rank(causes[n]) < 0))
                {
                    causes[name] = $"its file's project {group.Key ?? "(none)"} was not compiled";
                }
                continue;
            }
            foreach (var file in group)
            {
                if (compiled.Compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == file.NewPath) is not { } syntax)
                {
                    continue;
                }
                var model = compiled.Compilation.GetSemanticModel(syntax);
                var text = syntax.GetText();
                var root = syntax.GetRoot();
                foreach (var line in file.AddedLines.Where(l => l >= 1 && l <= text.Lines.Count))
                {
                    foreach (var name in root.DescendantNodes(text.Lines[line - 1].Span).OfType<SimpleNameSyntax>()
                        .Where(n => causes.ContainsKey(n.Identifier.ValueText) && text.Lines[line - 1].Span.Contains(n.Span)))
                    {
                        var cause = Cause(model, name, truth[name.Identifier.ValueText], candidates);
                        // The most telling cause wins when a name is used on several lines.
                        if (Rank(cause) > Rank(causes[name.Identifier.ValueText]))
                        {
                            causes[name.Identifier.ValueText] = cause;
                        }
                    }
                }
            }
        }
        foreach (var note in compiler.Notes)
        {
            Console.WriteLine($"  why-note: {note}");
        }
        return [.. causes.Select(c => (c.Key, c.Value))];
    }

    private static IEnumerable<string> CalledOnAddedLines(FileDiff file) =>
        file.Hunks.SelectMany(h => h.Lines).Where(l => l.Kind == DiffLineKind.Added)
            .SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l.Text, @"([A-Za-z_]\w*)\s*(?:<[^<>()]*>)?\s*\(").Select(m => m.Groups[1].Value));

    private static int Rank(string cause) =>
        cause.StartsWith("bound to truth", StringComparison.Ordinal) ? 5 : cause.StartsWith("bound to source", StringComparison.Ordinal) ? 4
        : cause.StartsWith("metadata", StringComparison.Ordinal) ? 3 : cause.StartsWith("candidates", StringComparison.Ordinal) ? 2
        : cause.StartsWith("unbound", StringComparison.Ordinal) ? 1 : cause.StartsWith("its file", StringComparison.Ordinal) ? 0 : -1;

    private static string Cause(SemanticModel model, SimpleNameSyntax name, List<TruthSite> sites, ContextCandidates candidates)
    {
        var info = model.GetSymbolInfo(name);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        if (symbol is null)
        {
            var receiver = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? model.GetTypeInfo(access.Expression).Type : null;
            return $"unbound ({info.CandidateReason}; receiver {receiver?.ToDisplayString() ?? "none"}{(receiver is IErrorTypeSymbol ? " (error type)" : "")})";
        }
        var declared = (symbol is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : symbol).OriginalDefinition;
        var prefix = info.Symbol is null ? $"candidates ({info.CandidateReason}) " : "";
        if (declared.DeclaringSyntaxReferences.IsEmpty)
        {
            return $"{prefix}metadata: {declared.ContainingAssembly?.Name} {declared.ToDisplayString()}";
        }
        var reference = declared.DeclaringSyntaxReferences[0];
        var path = reference.SyntaxTree.FilePath;
        var startLine = reference.GetSyntax().GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        var hit = sites.FirstOrDefault(s => s.Path == path && Math.Abs(s.Line - startLine) <= 3);
        if (hit is null)
        {
            return $"{prefix}bound to source not in the truth: {path}:{startLine} {declared.ToDisplayString()}";
        }
        var candidate = candidates.Related.FirstOrDefault(i => i.Path == path && i.StartLine <= hit.Line && hit.Line <= i.EndLine);
        return candidate is null
            ? $"bound to truth {path}:{hit.Line}, not a candidate"
            : $"bound to truth {path}:{hit.Line}, candidate not packed (score {candidate.Score:0.0}, {candidate.Tokens} tok, rank {candidates.Related.OrderByDescending(i => i.Score).ToList().IndexOf(candidate) + 1}/{candidates.Related.Count})";
    }
}
