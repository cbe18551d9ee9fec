using Microsoft.CodeAnalysis;
using ReviewBot.Diff;
using ReviewBot.Workspace;

namespace ReviewBot.Context.CSharp;

/// <summary>The base commit's compilations, made only for a file that has removed lines or new errors to compare.</summary>
public sealed class BaseCompilations(GitRepository repository, BlobReader blobs, ChangeSet change)
{
    private ProjectCompiler? _compiler;

    public IReadOnlyList<string> Notes => _compiler?.Notes ?? [];

    /// <summary>The semantic model of the file as it was at the base, or null when it is new or its project cannot be read.</summary>
    public async Task<SemanticModel?> ModelAsync(FileDiff file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.OldPath is not { } path || !path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || file.Kind == FileChangeKind.Added)
        {
            return null;
        }
        if (_compiler is null)
        {
            _compiler = new ProjectCompiler(blobs, change.Base, (await repository.ListFilesAsync(change.Base, cancellationToken)).Select(e => e.Path),
                ReferenceAssemblies.PacksFolder());
            var projects = change.Files.Where(f => f.OldPath is { } p && p.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && f.Kind != FileChangeKind.Added)
                .Select(f => _compiler.ProjectOf(f.OldPath!)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            await _compiler.PlanAsync(projects, cancellationToken);
        }
        if (_compiler.ProjectOf(path) is not { } project || await _compiler.CompileAsync(project, [path], cancellationToken) is not { } compiled)
        {
            return null;
        }
        return compiled.Compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == path) is { } tree ? compiled.Compilation.GetSemanticModel(tree) : null;
    }
}
