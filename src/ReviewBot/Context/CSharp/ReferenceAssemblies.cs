using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace ReviewBot.Context.CSharp;

/// <summary>
/// The reference assemblies of a target framework, taken from the installed SDK's targeting packs (no restore, no
/// network). Loaded once per pack folder: they are immutable and shared by every compilation.
/// </summary>
public static class ReferenceAssemblies
{
    private static readonly string[] CorePacks = ["Microsoft.NETCore.App.Ref"];
    private static readonly string[] WebPacks = ["Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref"];
    private static readonly ConcurrentDictionary<string, IReadOnlyList<MetadataReference>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The packs folder of the running runtime's SDK (…/dotnet/packs).</summary>
    public static string? PacksFolder()
    {
        var runtime = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        // …/dotnet/shared/Microsoft.NETCore.App/<version>/ → …/dotnet/packs
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var packs = Path.Combine(root, "packs");
        return Directory.Exists(packs) ? packs : null;
    }

    /// <summary>The references for <paramref name="framework"/> (e.g. net10.0), the newest pack when none matches; the folder used, for the note.</summary>
    public static (IReadOnlyList<MetadataReference> References, string? Folder) For(string? packs, string? framework, bool web)
    {
        var folders = (web ? WebPacks : CorePacks)
            .Select(pack => RefFolder(packs, pack, framework)).OfType<string>().ToList();
        if (folders.Count == 0)
        {
            return ([], null);
        }
        var references = folders.SelectMany(f => Loaded.GetOrAdd(f, Load)).ToList();
        return (references, folders[0]);
    }

    private static string? RefFolder(string? packs, string pack, string? framework)
    {
        var folder = packs is null ? null : Path.Combine(packs, pack);
        if (folder is null || !Directory.Exists(folder))
        {
            return null;
        }
        var candidates = Directory.GetDirectories(folder)
            .SelectMany(version => Directory.Exists(Path.Combine(version, "ref")) ? Directory.GetDirectories(Path.Combine(version, "ref")) : [])
            .Select(tfm => (Path: tfm, Tfm: Path.GetFileName(tfm), Version: Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(tfm))), out var v) ? v : new Version()))
            .ToList();
        var matching = candidates.Where(c => framework is not null && framework.StartsWith(c.Tfm, StringComparison.OrdinalIgnoreCase)).ToList();
        return (matching.Count > 0 ? matching : candidates).OrderByDescending(c => c.Version).Select(c => c.Path).FirstOrDefault();
    }

    private static IReadOnlyList<MetadataReference> Load(string folder) =>
        Directory.GetFiles(folder, "*.dll").Select(dll => (MetadataReference)MetadataReference.CreateFromFile(dll)).ToList();
}
