using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ReviewBot.Diff;
using ReviewBot.Workspace;

namespace ReviewBot.Context.CSharp;

/// <summary>
/// Context for the C# files of a change, found by the compiler: the declarations that the added lines' names bind to
/// (the chosen overload, the extension method, the interface member), the members that call what the change alters,
/// and the compiler errors on added lines that the base does not have. Names on removed lines are bound in the base
/// compilation and shown as they are at the head.
/// </summary>
public sealed partial class RoslynContext(TokenCounter tokens)
{
    private const int MaxItemLines = 80;
    private const int MaxTypeLines = 40;
    private const int MaxChangedFiles = 600;
    private readonly Dictionary<SyntaxTree, string[]> _lines = [];

    public async Task<RoslynResult> CollectAsync(GitRepository repository, BlobReader blobs, ChangeSet change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(change);
        var files = change.Files.Where(f => !f.IsBinary && f.NewPath is { } p && p.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            .Take(MaxChangedFiles).ToList();
        if (files.Count == 0)
        {
            return new RoslynResult();
        }
        var tree = await repository.ListFilesAsync(change.Head, cancellationToken);
        var compiler = new ProjectCompiler(blobs, change.Head, tree.Select(e => e.Path), ReferenceAssemblies.PacksFolder());
        var result = new RoslynResult();
        var atBase = new BaseCompilations(blobs, change);
        // The changed files' own projects first, so that the projects compiled only to find callers (dependents) take
        // what is left of the cap, never a changed file's compilation.
        var groups = new List<(List<FileDiff> Files, string Project, CompiledProject Compiled)>();
        var byProject = files.GroupBy(f => compiler.ProjectOf(f.NewPath!)).Where(g => g.Key is not null).ToList();
        await compiler.PlanAsync([.. byProject.Select(g => g.Key!)], cancellationToken);
        foreach (var group in byProject)
        {
            if (await compiler.CompileAsync(group.Key!, group.Select(f => f.NewPath!).ToList(), cancellationToken) is { } compiledGroup)
            {
                groups.Add(([.. group], group.Key!, compiledGroup));
            }
        }
        foreach (var (group, project, compiled) in groups)
        {
            // Callers and tests usually live in the projects that reference this one.
            var compilations = (await compiler.DependentsAsync(project, cancellationToken)).Select(d => d.Compilation).Prepend(compiled.Compilation).ToList();
            result.SearchedPaths.UnionWith(compilations.SelectMany(c => c.SyntaxTrees).Select(t => t.FilePath));
            var names = new NameIndex(compilations, cancellationToken);
            var unresolved = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in group)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (compiled.Compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == file.NewPath) is not { } syntax)
                {
                    continue;
                }
                var model = compiled.Compilation.GetSemanticModel(syntax);
                result.Related.AddRange(Definitions(model, file, change, result.BoundNames, unresolved, cancellationToken));
                result.Related.AddRange(Callers(names, model, file, change, cancellationToken));
                var errors = Errors(model, compiled.Project, file, cancellationToken);
                var baseModel = file.RemovedCount > 0 || errors.Count > 0 ? await atBase.ModelAsync(compiled, file, cancellationToken) : null;
                if (baseModel is not null)
                {
                    result.Related.AddRange(RemovedDefinitions(baseModel, compiled.Compilation, file, change, result.BoundNames, cancellationToken));
                }
                var introduced = NewErrors(errors, baseModel, cancellationToken).ToList();
                result.CompilerErrors.AddRange(introduced);
                result.Errors.AddRange(introduced.Select(ErrorItem));
                result.CompiledPaths.Add(file.NewPath!);
            }
            result.UnresolvedNames.UnionWith(unresolved);
            if (unresolved.Count > 0)
            {
                result.Notes.Add($"Roslyn could not bind {unresolved.Count} name(s) on the added lines of {compiled.Project.Name} (package references are not restored): their definitions come from the symbol search.");
            }
        }
        result.Notes.InsertRange(0, compiler.Notes);
        return result;
    }

    private string[] LinesOf(SyntaxTree tree)
    {
        if (!_lines.TryGetValue(tree, out var lines))
        {
            _lines[tree] = lines = CodeFormat.SplitLines(tree.GetText().ToString());
        }
        return lines;
    }

    /// <summary>1-based first and last line of a node.</summary>
    private static (int Start, int End) LineSpan(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return (span.StartLinePosition.Line + 1, span.EndLinePosition.Line + 1);
    }

    private static IEnumerable<SimpleNameSyntax> NamesOn(SyntaxNode root, SourceText text, int line)
    {
        if (line < 1 || line > text.Lines.Count)
        {
            return [];
        }
        var span = text.Lines[line - 1].Span;
        return root.DescendantNodes(span).OfType<SimpleNameSyntax>().Where(n => n.Span.IntersectsWith(span) || (span.IsEmpty && n.Span.Start == span.Start));
    }

    private static string Display(ISymbol symbol) => symbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

    private static bool IsShownInDiff(ChangeSet change, string path, int line) =>
        change.Find(path) is { } file && file.NewPath == path && file.IsInHunk(line);
}

/// <summary>What <see cref="RoslynContext"/> found: related items, compiler errors (shown like guidance), notes, and which
/// names and files the compiler settled, so the symbol search's guesses for them can be dropped.</summary>
public sealed class RoslynResult
{
    public List<ContextItem> Related { get; } = [];
    public List<ContextItem> Errors { get; } = [];

    /// <summary>The same errors as <see cref="Errors"/>, structured, for findings that need no model.</summary>
    public List<CompilerError> CompilerErrors { get; } = [];
    public List<string> Notes { get; } = [];
    /// <summary>Names on the changed lines that the compiler bound (to source, to the .NET library or to a local).</summary>
    public HashSet<string> BoundNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Names on the added lines that it could not bind somewhere: for them the search's guesses stay.</summary>
    public HashSet<string> UnresolvedNames { get; } = new(StringComparer.Ordinal);
    public HashSet<string> CompiledPaths { get; } = new(StringComparer.Ordinal);

    /// <summary>Files whose members were bound in the search for callers.</summary>
    public HashSet<string> SearchedPaths { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The compiler's items first. The search's guesses that the compiler has settled are dropped: a definition of a name it
    /// bound in the files it compiled, a caller or test in a file it searched for callers of those files' members (it calls
    /// none, or the compiler has it), and any item that overlaps one of the compiler's.
    /// </summary>
    public List<ContextItem> Merge(IEnumerable<ContextItem> searched)
    {
        ArgumentNullException.ThrowIfNull(searched);
        var kept = new List<ContextItem>();
        foreach (var item in Related.OrderByDescending(i => i.Score).ThenBy(i => i.EndLine - i.StartLine))
        {
            var overlap = kept.FindIndex(k => Overlaps(k, item));
            if (overlap < 0)
            {
                kept.Add(item);
            }
            else if (!kept[overlap].Reason.Contains(item.Reason, StringComparison.Ordinal) && kept[overlap].Reason.Length < 300)
            {
                kept[overlap] = kept[overlap] with { Reason = $"{kept[overlap].Reason}; {item.Reason}", ForPaths = [.. kept[overlap].ForPaths.Union(item.ForPaths)] };
            }
        }
        var settled = searched.Where(i => !(i.ForPaths.Count > 0 && i.ForPaths.All(CompiledPaths.Contains)
            && (i.Kind == ContextKind.Definition && i.Symbol is { } s && BoundNames.Contains(s) && !UnresolvedNames.Contains(s)
                || i.Kind is ContextKind.Caller or ContextKind.Test && SearchedPaths.Contains(i.Path))));
        return [.. kept, .. settled.Where(i => !kept.Exists(k => Overlaps(k, i)))];
    }

    private static bool Overlaps(ContextItem a, ContextItem b) => a.Path == b.Path && a.StartLine <= b.EndLine && b.StartLine <= a.EndLine;
}
