using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// The names the .NET reference assemblies declare as public or protected members or types (the newest
/// Microsoft.NETCore.App.Ref and Microsoft.AspNetCore.App.Ref packs of the SDK that runs this), read with
/// System.Reflection.Metadata. The ground truth's library rule: a C# call of such a name (<c>Path.Combine</c>,
/// <c>list.ToList</c>, <c>stream.Flush</c>) cannot be told from a call of the repository's method of that name without
/// the compiler, so it is ambiguous. Nothing here uses the context builder's code.
/// </summary>
internal static class DotNetLibraryNames
{
    private static readonly Lazy<HashSet<string>> Names = new(Read);

    public static HashSet<string> All => Names.Value;

    private static HashSet<string> Read()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var dotnet = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            var folder = Path.Combine(dotnet, "packs", pack);
            var newest = Directory.Exists(folder) ? Directory.GetDirectories(folder).MaxBy(v => Version.TryParse(Path.GetFileName(v), out var x) ? x : new Version()) : null;
            var refs = newest is null ? null : Directory.GetDirectories(Path.Combine(newest, "ref")).Order(StringComparer.Ordinal).LastOrDefault();
            foreach (var dll in refs is null ? [] : Directory.GetFiles(refs, "*.dll"))
            {
                Add(dll, names);
            }
        }
        if (names.Count == 0)
        {
            throw new InvalidOperationException($"no .NET reference assemblies under {dotnet}/packs: the library rule cannot be applied");
        }
        return names;
    }

    private static void Add(string dll, HashSet<string> names)
    {
        using var stream = File.OpenRead(dll);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return;
        }
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var visibility = type.Attributes & TypeAttributes.VisibilityMask;
            if (visibility is not (TypeAttributes.Public or TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem))
            {
                continue;
            }
            var typeName = reader.GetString(type.Name);
            names.Add(typeName.Contains('`', StringComparison.Ordinal) ? typeName[..typeName.IndexOf('`', StringComparison.Ordinal)] : typeName);
            foreach (var method in type.GetMethods().Select(reader.GetMethodDefinition))
            {
                var access = method.Attributes & MethodAttributes.MemberAccessMask;
                if (access is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem && (method.Attributes & MethodAttributes.SpecialName) == 0)
                {
                    names.Add(reader.GetString(method.Name));
                }
            }
            // Properties and fields count too: a delegate-typed one is called like a method.
            foreach (var property in type.GetProperties().Select(reader.GetPropertyDefinition))
            {
                names.Add(reader.GetString(property.Name));
            }
            foreach (var field in type.GetFields().Select(reader.GetFieldDefinition))
            {
                if ((field.Attributes & FieldAttributes.FieldAccessMask) is FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem)
                {
                    names.Add(reader.GetString(field.Name));
                }
            }
        }
    }
}
