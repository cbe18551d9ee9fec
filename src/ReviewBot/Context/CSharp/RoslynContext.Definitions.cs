using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReviewBot.Diff;

namespace ReviewBot.Context.CSharp;

public sealed partial class RoslynContext
{
    /// <summary>
    /// The source declarations the names on the added lines bind to (at the head). An overload the compiler could not choose between
    /// gives its candidates; a name it cannot bind at all (a type from an unrestored package) is counted in
    /// <paramref name="unresolved"/> and left to the symbol search.
    /// </summary>
    private List<ContextItem> Definitions(SemanticModel model, FileDiff file, ChangeSet change, HashSet<string> bound,
        HashSet<string> unresolved, CancellationToken cancellationToken) =>
        Items(Uses(model, file.AddedLines, s => s, bound, unresolved, cancellationToken), "added", file.NewPath!, change);

    /// <summary>The same for the removed lines, bound in the base compilation; a declaration is shown as it is at the head
    /// (found by its documentation id), and one the change deleted is not shown.</summary>
    private List<ContextItem> RemovedDefinitions(SemanticModel baseModel, Compilation head, FileDiff file, ChangeSet change, HashSet<string> bound,
        CancellationToken cancellationToken)
    {
        var removed = file.Hunks.SelectMany(h => h.Lines).Where(l => l.Kind == DiffLineKind.Removed && l.OldLine is not null).Select(l => l.OldLine!.Value);
        ISymbol? AtHead(ISymbol symbol) =>
            DocumentationCommentId.CreateDeclarationId(symbol) is { } id ? DocumentationCommentId.GetFirstSymbolForDeclarationId(id, head) is { } found ? Declared(found) : null : null;
        return Items(Uses(baseModel, removed, AtHead, bound, null, cancellationToken), "removed", file.NewPath!, change);
    }

    private static Dictionary<ISymbol, (HashSet<int> Lines, bool Called)> Uses(SemanticModel model, IEnumerable<int> lines, Func<ISymbol, ISymbol?> map,
        HashSet<string> bound, HashSet<string>? unresolved, CancellationToken cancellationToken)
    {
        var root = model.SyntaxTree.GetRoot(cancellationToken);
        var text = model.SyntaxTree.GetText(cancellationToken);
        var uses = new Dictionary<ISymbol, (HashSet<int> Lines, bool Called)>(SymbolEqualityComparer.Default);
        foreach (var line in lines)
        {
            foreach (var name in NamesOn(root, text, line))
            {
                if (name.IsVar || name.Parent is QualifiedNameSyntax { Parent: UsingDirectiveSyntax or NamespaceDeclarationSyntax or FileScopedNamespaceDeclarationSyntax })
                {
                    continue;
                }
                var info = model.GetSymbolInfo(name, cancellationToken);
                var symbols = info.Symbol is { } one ? [one] : info.CandidateSymbols;
                if (symbols.IsEmpty)
                {
                    if (unresolved is not null && name.Parent is not NameColonSyntax && model.GetTypeInfo(name, cancellationToken).Type is null or IErrorTypeSymbol)
                    {
                        unresolved.Add(name.Identifier.ValueText);
                    }
                    continue;
                }
                // Bound to anything (the .NET library, a local, a source member) settles the name: the search's
                // same-named guesses are not what this line means.
                bound.Add(name.Identifier.ValueText);
                foreach (var symbol in symbols.Select(Declared).OfType<ISymbol>().Select(map).OfType<ISymbol>())
                {
                    var use = uses.TryGetValue(symbol, out var u) ? u : ([], false);
                    use.Lines.Add(line);
                    uses[symbol] = (use.Lines, use.Called || name.Parent is InvocationExpressionSyntax
                        || name.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } || name.Parent is ObjectCreationExpressionSyntax);
                }
            }
        }
        return uses;
    }

    private List<ContextItem> Items(Dictionary<ISymbol, (HashSet<int> Lines, bool Called)> uses, string side, string usedIn, ChangeSet change) =>
        uses.Select(u => DefinitionItem(u.Key, u.Value.Lines.Count, u.Value.Called, side, usedIn, change)).OfType<ContextItem>().ToList();

    /// <summary>The symbol whose declaration is worth showing: the extension method itself, not its reduced form; the generic
    /// definition; only members and types declared in source.</summary>
    private static ISymbol? Declared(ISymbol symbol)
    {
        var declared = (symbol is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : symbol).OriginalDefinition;
        if (declared is IMethodSymbol { MethodKind: MethodKind.Constructor, IsImplicitlyDeclared: true })
        {
            declared = declared.ContainingType;
        }
        return declared.Kind is SymbolKind.Method or SymbolKind.Property or SymbolKind.Field or SymbolKind.Event or SymbolKind.NamedType
            && declared is not IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction }
            && !declared.DeclaringSyntaxReferences.IsEmpty ? declared : null;
    }

    private ContextItem? DefinitionItem(ISymbol symbol, int lines, bool called, string side, string usedIn, ChangeSet change)
    {
        var reference = symbol.DeclaringSyntaxReferences.OrderBy(r => r.SyntaxTree.FilePath == usedIn ? 0 : 1).First();
        var node = reference.GetSyntax();
        var declaration = node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault() ?? node;
        var path = reference.SyntaxTree.FilePath;
        var (start, end) = LineSpan(declaration);
        if (IsShownInDiff(change, path, start) || path.EndsWith("/obj/ReviewBot.Generated.cs", StringComparison.Ordinal))
        {
            return null;
        }
        var max = symbol is INamedTypeSymbol ? MaxTypeLines : MaxItemLines;
        end = Math.Min(end, start + max);
        var display = Display(symbol);
        var text = CodeFormat.Lines(path, LinesOf(reference.SyntaxTree), start, end, $"{symbol.Kind.ToString().ToLowerInvariant()} {display}");
        // The compiler's answer outranks the search's guesses (at most 4 × (1 + log) there); a call outranks a mention, however
        // often the mentioned type or member recurs (it counts as at most two lines): under a small budget the callees come first.
        var score = called ? 10.0 * (1 + Math.Log(1 + lines)) : 6.0 * (1 + Math.Log(1 + Math.Min(lines, 2)));
        return new ContextItem(ContextKind.Definition, path, start, end, display,
            $"defines {display}, {(called ? "called" : "used")} on {lines} {side} line(s)", tokens.Count(text), text, score)
        {
            ForPaths = [usedIn],
        };
    }
}
