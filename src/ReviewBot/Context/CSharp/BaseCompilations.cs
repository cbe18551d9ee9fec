using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ReviewBot.Diff;
using ReviewBot.Workspace;

namespace ReviewBot.Context.CSharp;

/// <summary>
/// The base commit's compilation of a changed project, made only for a file that has removed lines or new errors to compare.
/// It is the head's compilation with the project's changed files put back as they were at the base (added files taken out,
/// deleted ones put back), so the base costs a few parses instead of compiling the project graph a second time. Other
/// projects are seen as they are at the head; a removed line that used a member another project's change deleted may bind
/// less well, which only costs that line's definitions.
/// </summary>
public sealed class BaseCompilations(BlobReader blobs, ChangeSet change)
{
    private readonly Dictionary<Compilation, Compilation> _atBase = [];

    /// <summary>The semantic model of the file as it was at the base, or null when it is new.</summary>
    public async Task<SemanticModel?> ModelAsync(CompiledProject head, FileDiff file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(file);
        if (file.OldPath is not { } path || !path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || file.Kind == FileChangeKind.Added)
        {
            return null;
        }
        if (!_atBase.TryGetValue(head.Compilation, out var compilation))
        {
            _atBase[head.Compilation] = compilation = await AtBaseAsync(head, cancellationToken);
        }
        return compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == path) is { } tree ? compilation.GetSemanticModel(tree) : null;
    }

    private async Task<Compilation> AtBaseAsync(CompiledProject head, CancellationToken cancellationToken)
    {
        var compilation = (Compilation)head.Compilation;
        var parse = head.Compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions ?? CSharpParseOptions.Default;
        var trees = head.Compilation.SyntaxTrees.ToDictionary(t => t.FilePath, StringComparer.Ordinal);
        var prefix = head.Project.Folder.Length == 0 ? "" : head.Project.Folder + "/";
        foreach (var file in change.Files.Where(f => !f.IsBinary && f.Path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)))
        {
            var atHead = file.NewPath is { } p && trees.TryGetValue(p, out var t) ? t : null;
            if (atHead is null && !(file.OldPath ?? "").StartsWith(prefix, StringComparison.Ordinal))
            {
                continue; // neither in this compilation at the head nor under its folder
            }
            var text = file.Kind == FileChangeKind.Added || file.OldPath is null ? null : await blobs.ReadAsync(change.Base, file.OldPath, cancellationToken);
            var atBase = text is null ? null : CSharpSyntaxTree.ParseText(text, parse, file.OldPath!, cancellationToken: cancellationToken);
            compilation = (atHead, atBase) switch
            {
                ({ } h, { } b) => compilation.ReplaceSyntaxTree(h, b),
                ({ } h, null) => compilation.RemoveSyntaxTrees(h),
                (null, { } b) => compilation.AddSyntaxTrees(b),
                _ => compilation,
            };
        }
        return compilation;
    }
}
