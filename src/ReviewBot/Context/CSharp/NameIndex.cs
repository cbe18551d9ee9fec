using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReviewBot.Context.CSharp;

/// <summary>
/// Every simple name in a set of compilations, by its text, read in one walk; and one semantic model per tree. The search
/// for callers of many altered members then binds only the names that could be them.
/// </summary>
public sealed class NameIndex
{
    private readonly Dictionary<string, List<(Compilation Compilation, SimpleNameSyntax Name)>> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = [];

    public NameIndex(IEnumerable<Compilation> compilations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compilations);
        foreach (var compilation in compilations)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var token in tree.GetRoot(cancellationToken).DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is SimpleNameSyntax name)
                    {
                        var list = _names.TryGetValue(token.ValueText, out var l) ? l : _names[token.ValueText] = [];
                        list.Add((compilation, name));
                    }
                }
            }
        }
    }

    public IReadOnlyList<(Compilation Compilation, SimpleNameSyntax Name)> Named(string text) =>
        _names.TryGetValue(text, out var list) ? list : [];

    public SemanticModel Model(Compilation compilation, SyntaxTree tree)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        if (!_models.TryGetValue(tree, out var model))
        {
            _models[tree] = model = compilation.GetSemanticModel(tree);
        }
        return model;
    }
}
