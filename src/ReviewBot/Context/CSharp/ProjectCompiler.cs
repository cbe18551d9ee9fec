using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ReviewBot.Workspace;

namespace ReviewBot.Context.CSharp;

/// <summary>
/// Compiles the projects a change touches from the blobs of one commit: the <c>.cs</c> files under the nearest
/// <c>.csproj</c> (not those of a project nested below it, nor bin/obj), the projects it references by path as compilation
/// references, and the target framework's reference assemblies. Package references are not restored, so what they define
/// stays unbound; the caller says so.
/// </summary>
public sealed class ProjectCompiler
{
    public const int MaxFiles = 3_000;
    public const long MaxChars = 30_000_000;
    public const int MaxProjects = 12;
    public const int MaxDependents = 4;
    private const int MaxProjectFiles = 300;

    private static readonly string[] SdkUsings = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];
    private static readonly string[] WebUsings = ["System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];

    private readonly BlobReader _blobs;
    private readonly string _commit;
    private readonly HashSet<string> _paths;
    private readonly Dictionary<string, List<string>> _projectsByFolder;
    private readonly Dictionary<string, CompiledProject?> _compiled = new(StringComparer.Ordinal);
    private readonly string? _packs;
    private readonly int _maxFiles;
    private readonly Dictionary<string, CSharpProject?> _projects = new(StringComparer.Ordinal);
    private HashSet<string>? _plan;
    private bool _planDone;

    public ProjectCompiler(BlobReader blobs, string commit, IEnumerable<string> paths, string? packs, int maxFiles = MaxFiles)
    {
        _maxFiles = maxFiles;
        _blobs = blobs;
        _commit = commit;
        _packs = packs;
        _paths = paths.ToHashSet(StringComparer.Ordinal);
        _projectsByFolder = _paths.Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            .GroupBy(Folder, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    public List<string> Notes { get; } = [];

    /// <summary>The nearest <c>.csproj</c> at or above the file's folder, or null.</summary>
    public string? ProjectOf(string path)
    {
        for (var folder = Folder(path); ; folder = Folder(folder))
        {
            if (_projectsByFolder.TryGetValue(folder, out var projects))
            {
                return projects[0];
            }
            if (folder.Length == 0)
            {
                return null;
            }
        }
    }

    /// <summary>The compilation of a project, with <paramref name="changed"/> (its changed files) always in it; null when it cannot be read.</summary>
    public async Task<CompiledProject?> CompileAsync(string projectPath, IReadOnlyCollection<string> changed, CancellationToken cancellationToken)
    {
        if (_compiled.TryGetValue(projectPath, out var done))
        {
            return done;
        }
        _compiled[projectPath] = null; // a reference cycle ends here
        // Planned, the plan's projects are compiled, and others (dependents, for callers) only while the cap has room.
        if (_plan is not null && !_plan.Contains(projectPath) && (!_planDone || _compiled.Count > MaxProjects) || _plan is null && _compiled.Count > MaxProjects)
        {
            Notes.Add($"C# projects: more than {MaxProjects} are involved; {CSharpProjectName(projectPath)} was not compiled.");
            return null;
        }
        if (await ReadProjectAsync(projectPath, cancellationToken) is not { } project)
        {
            return null;
        }
        // MSBuild hands a project the references of its references too (unless it turns that off): a test project that
        // references only the test utilities still binds the library's types through them, even when the cap left the
        // utilities out.
        var references = new List<MetadataReference>();
        foreach (var reference in project.TransitiveReferences ? await ClosureAsync(project, cancellationToken) : project.ProjectReferences.Where(_paths.Contains))
        {
            if (await CompileAsync(reference, [], cancellationToken) is { } compiled)
            {
                references.Add(compiled.Compilation.ToMetadataReference());
            }
        }
        var (framework, frameworkFolder) = ReferenceAssemblies.For(_packs, project.TargetFramework, project.IsWeb);
        if (frameworkFolder is null)
        {
            Notes.Add($"C# project {project.Name}: no reference assemblies were found in the SDK's packs, so framework types are unbound.");
        }
        // Documentation comments stay trivia: nothing here reads them, and efcore-sized libraries are mostly comments.
        var parse = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None, preprocessorSymbols: Symbols(project.TargetFramework));
        var trees = await ReadTreesAsync(project, changed, parse, cancellationToken);
        trees.Add(CSharpSyntaxTree.ParseText(Generated(project), parse, path: $"{project.Folder}/obj/ReviewBot.Generated.cs", cancellationToken: cancellationToken));
        var options = new CSharpCompilationOptions(project.IsExecutable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false);
        var compilation = CSharpCompilation.Create(project.Name, trees, [.. framework, .. references], options);
        return _compiled[projectPath] = new CompiledProject(project, compilation);
    }

    /// <summary>
    /// Chooses, before any compilation, the projects the changed files' projects (<paramref name="roots"/>) and their
    /// references may use within the cap (<see cref="ProjectPlan"/>); until <see cref="DependentsAsync"/> is first called, only
    /// those are compiled.
    /// </summary>
    public async Task PlanAsync(IReadOnlyList<string> roots, CancellationToken cancellationToken)
    {
        _plan = await ProjectPlan.ChooseAsync(roots,
            async p => (IReadOnlyList<string>?)(await ReadProjectAsync(p, cancellationToken))?.ProjectReferences.Where(_paths.Contains).ToList() ?? [],
            MaxProjects, MaxProjectFiles);
    }

    /// <summary>The projects <paramref name="project"/> references, directly or through others, the nearest first.</summary>
    private async Task<List<string>> ClosureAsync(CSharpProject project, CancellationToken cancellationToken)
    {
        var closure = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { project.Path };
        var queue = new Queue<string>(project.ProjectReferences.Where(_paths.Contains));
        while (queue.Count > 0 && closure.Count < MaxProjectFiles)
        {
            var next = queue.Dequeue();
            if (!seen.Add(next))
            {
                continue;
            }
            closure.Add(next);
            foreach (var reference in (await ReadProjectAsync(next, cancellationToken))?.ProjectReferences.Where(_paths.Contains) ?? [])
            {
                queue.Enqueue(reference);
            }
        }
        return closure;
    }

    private async Task<CSharpProject?> ReadProjectAsync(string projectPath, CancellationToken cancellationToken)
    {
        if (_projects.TryGetValue(projectPath, out var read))
        {
            return read;
        }
        var text = await _blobs.ReadAsync(_commit, projectPath, cancellationToken);
        var props = new List<string>();
        foreach (var prop in PropsAbove(projectPath))
        {
            props.Add(await _blobs.ReadAsync(_commit, prop, cancellationToken) ?? "");
        }
        return _projects[projectPath] = text is null ? null : CSharpProject.Parse(projectPath, text, props);
    }

    /// <summary>
    /// The projects that reference <paramref name="projectPath"/> by path (one level, the nearest first), compiled against
    /// its compilation: their callers and tests bind to the same symbols.
    /// </summary>
    public async Task<IReadOnlyList<CompiledProject>> DependentsAsync(string projectPath, CancellationToken cancellationToken)
    {
        _planDone = true;
        var dependents = new List<string>();
        foreach (var candidate in _projectsByFolder.Values.SelectMany(p => p).Where(p => p != projectPath).Take(MaxProjectFiles))
        {
            var text = await _blobs.ReadAsync(_commit, candidate, cancellationToken);
            if (text is not null && CSharpProject.Parse(candidate, text, []) is { } project && project.ProjectReferences.Contains(projectPath, StringComparer.Ordinal))
            {
                dependents.Add(candidate);
            }
        }
        var compiled = new List<CompiledProject>();
        foreach (var dependent in dependents.OrderBy(d => ContextBuilder.PathDistance(projectPath, d)).ThenBy(d => d, StringComparer.Ordinal).Take(MaxDependents))
        {
            if (await CompileAsync(dependent, [], cancellationToken) is { } project)
            {
                compiled.Add(project);
            }
        }
        return compiled;
    }

    private async Task<List<SyntaxTree>> ReadTreesAsync(CSharpProject project, IReadOnlyCollection<string> changed, CSharpParseOptions parse,
        CancellationToken cancellationToken)
    {
        var prefix = project.Folder.Length == 0 ? "" : project.Folder + "/";
        var anchor = changed.FirstOrDefault() ?? project.Path;
        var linked = CompileGlobs.Matcher(project.CompileIncludes);
        var files = _paths.Where(p => p.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)
                && (p.StartsWith(prefix, StringComparison.Ordinal) && ProjectOf(p) == project.Path && !IsBuildOutput(p[prefix.Length..]) || linked(p)))
            .OrderBy(p => changed.Contains(p) ? 0 : 1).ThenBy(p => ContextBuilder.PathDistance(anchor, p)).ThenBy(p => p, StringComparer.Ordinal)
            .ToList();
        var trees = new List<SyntaxTree>();
        long chars = 0;
        foreach (var path in files)
        {
            if (trees.Count >= _maxFiles || chars > MaxChars)
            {
                Notes.Add($"C# project {project.Name} has {files.Count} .cs files; only the {trees.Count} nearest the change were compiled (cap {_maxFiles} files, {MaxChars / 1_000_000} MB).");
                break;
            }
            var source = await _blobs.ReadAsync(_commit, path, cancellationToken);
            if (source is null)
            {
                continue;
            }
            chars += source.Length;
            trees.Add(CSharpSyntaxTree.ParseText(source, parse, path, cancellationToken: cancellationToken));
        }
        return trees;
    }

    /// <summary>What the SDK would generate: global usings and InternalsVisibleTo.</summary>
    private static string Generated(CSharpProject project)
    {
        var usings = (project.ImplicitUsings ? SdkUsings.Concat(project.IsWeb ? WebUsings : []) : []).Concat(project.Usings).Distinct(StringComparer.Ordinal);
        var lines = usings.Where(u => SyntaxFacts.IsValidIdentifier(u.Replace(".", "", StringComparison.Ordinal))).Select(u => $"global using global::{u};")
            .Concat(project.InternalsVisibleTo.Select(name => $"[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"{name.Replace("\"", "", StringComparison.Ordinal)}\")]"));
        return string.Join('\n', lines) + "\n";
    }

    private static string[] Symbols(string? framework)
    {
        var symbols = new List<string> { "TRACE", "RELEASE" };
        var match = System.Text.RegularExpressions.Regex.Match(framework ?? "", @"^net(\d+)\.(\d+)", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        if (match.Success && int.TryParse(match.Groups[1].Value, out var major) && major >= 5)
        {
            symbols.AddRange(["NET", "NETCOREAPP", $"NET{major}_{match.Groups[2].Value}"]);
            symbols.AddRange(Enumerable.Range(5, major - 4).Select(v => $"NET{v}_0_OR_GREATER"));
            symbols.Add("NETCOREAPP3_1_OR_GREATER");
        }
        return [.. symbols];
    }

    private IEnumerable<string> PropsAbove(string projectPath)
    {
        var folders = new List<string>();
        for (var folder = Folder(projectPath); ; folder = Folder(folder))
        {
            folders.Add(folder);
            if (folder.Length == 0)
            {
                break;
            }
        }
        folders.Reverse();
        return folders.Select(f => f.Length == 0 ? "Directory.Build.props" : $"{f}/Directory.Build.props").Where(_paths.Contains);
    }

    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal);

    private static string CSharpProjectName(string path) => Path.GetFileNameWithoutExtension(path);

    private static string Folder(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";
}

/// <summary>A project and its compilation.</summary>
public sealed record CompiledProject(CSharpProject Project, CSharpCompilation Compilation);
