using System.Xml;
using System.Xml.Linq;

namespace ReviewBot.Context.CSharp;

/// <summary>
/// What a <c>.csproj</c> (and the <c>Directory.Build.props</c> above it) says that matters to compiling it without MSBuild:
/// the target framework, the SDK, implicit usings, the output kind and the projects it references by path.
/// </summary>
public sealed record CSharpProject(
    string Path,
    string Folder,
    string? TargetFramework,
    bool IsWeb,
    bool ImplicitUsings,
    bool IsExecutable,
    IReadOnlyList<string> Usings,
    IReadOnlyList<string> InternalsVisibleTo,
    IReadOnlyList<string> ProjectReferences)
{
    /// <summary>Packages the project references; they are not restored, so what they define is unbound.</summary>
    public IReadOnlyList<string> PackageReferences { get; init; } = [];

    /// <summary>
    /// <c>Compile Include</c> items as paths or globs from the repository root (<c>src/Shared/*.cs</c>): files linked from
    /// outside the project folder, which MSBuild compiles with it. Items that name an MSBuild property are left out.
    /// </summary>
    public IReadOnlyList<string> CompileIncludes { get; init; } = [];

    /// <summary>False when the project turns off transitive project references: then only its own references are compiled in.</summary>
    public bool TransitiveReferences { get; init; } = true;

    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>Reads a project from its text and its props files' texts (outermost first); null when it is no XML.</summary>
    public static CSharpProject? Parse(string path, string text, IEnumerable<string> props)
    {
        var documents = props.Select(TryLoad).Append(TryLoad(text)).OfType<XDocument>().ToList();
        if (TryLoad(text) is not { } project)
        {
            return null;
        }
        string? Property(string name) => documents.SelectMany(d => d.Descendants().Where(e => e.Name.LocalName == name))
            .Select(e => e.Value.Trim()).LastOrDefault(v => v.Length > 0);
        var sdk = project.Root?.Attribute("Sdk")?.Value ?? "";
        var folder = path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";
        var framework = Property("TargetFramework") ?? Property("TargetFrameworks")?.Split(';')[0];
        var output = Property("OutputType") ?? "";
        var isWeb = sdk.Contains(".Web", StringComparison.OrdinalIgnoreCase);
        List<string> Items(string name) => documents.SelectMany(d => d.Descendants().Where(e => e.Name.LocalName == name))
            .Select(e => e.Attribute("Include")?.Value).OfType<string>().ToList();
        // An analyzer or a tool referenced for the build only (ReferenceOutputAssembly="false") gives the code no types.
        var references = project.Descendants().Where(e => e.Name.LocalName == "ProjectReference")
            .Where(e => !string.Equals(e.Attribute("ReferenceOutputAssembly")?.Value ?? e.Elements().FirstOrDefault(c => c.Name.LocalName == "ReferenceOutputAssembly")?.Value,
                "false", StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Attribute("Include")?.Value).OfType<string>()
            .Select(r => Resolve(folder, r)).OfType<string>().ToList();
        return new CSharpProject(path, folder, framework, isWeb,
            string.Equals(Property("ImplicitUsings"), "enable", StringComparison.OrdinalIgnoreCase) || string.Equals(Property("ImplicitUsings"), "true", StringComparison.OrdinalIgnoreCase),
            isWeb || output.Contains("Exe", StringComparison.OrdinalIgnoreCase), Items("Using"), Items("InternalsVisibleTo"), references)
        {
            PackageReferences = Items("PackageReference"),
            CompileIncludes = [.. project.Descendants().Where(e => e.Name.LocalName == "Compile").Select(e => e.Attribute("Include")?.Value).OfType<string>()
                .SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(v => !v.Contains("$(", StringComparison.Ordinal) && !v.Contains("@(", StringComparison.Ordinal)).Select(v => Resolve(folder, v)).OfType<string>()],
            TransitiveReferences = !string.Equals(Property("DisableTransitiveProjectReferences"), "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>A reference relative to the project folder, as a path from the repository root; null when it leaves the repository.</summary>
    public static string? Resolve(string folder, string relative)
    {
        var parts = new List<string>(folder.Length == 0 ? [] : folder.Split('/'));
        foreach (var part in relative.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    private static XDocument? TryLoad(string text)
    {
        try
        {
            // Many project files start with a UTF-8 byte order mark, which the blob's text keeps and XML parsing refuses.
            return XDocument.Parse(text.TrimStart('\uFEFF'));
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
