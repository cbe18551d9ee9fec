using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReviewBot.Context.Symbols;
using ReviewBot.Diff;

namespace ReviewBot.Context.CSharp;

public sealed partial class RoslynContext
{
    private const int MaxCallersPerMember = 10;
    private const int MaxAlteredMembers = 40;

    /// <summary>
    /// The members that call a member the change alters, found by binding every use of its name in the project: a call
    /// through an interface the member implements, or a base member it overrides, counts; the same word elsewhere does not.
    /// One item per calling member, in the project and in those that reference it.
    /// </summary>
    private List<ContextItem> Callers(NameIndex names, SemanticModel model, FileDiff file, ChangeSet change, CancellationToken cancellationToken)
    {
        var changedLines = file.Hunks.SelectMany(h => h.Lines.Where(l => l.Kind != DiffLineKind.Context).Select(l => l.NewLine ?? h.NewStart)).ToHashSet();
        var root = model.SyntaxTree.GetRoot(cancellationToken);
        var altered = root.DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax)
            .Where(n => { var (s, e) = LineSpan(n); return changedLines.Any(l => l >= s && l <= e); })
            .Select(n => model.GetDeclaredSymbol(n, cancellationToken)).OfType<ISymbol>()
            .Take(MaxAlteredMembers)
            .ToList();
        var items = new List<ContextItem>();
        foreach (var member in altered)
        {
            var targets = Targets(member);
            var name = member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? member.ContainingType.Name : member.Name;
            var display = Display(member);
            var seen = new HashSet<SyntaxNode>();
            foreach (var (compilation, use) in names.Named(name))
            {
                if (seen.Count >= MaxCallersPerMember)
                {
                    break;
                }
                var treeModel = names.Model(compilation, use.SyntaxTree);
                var bound = treeModel.GetSymbolInfo(use.Parent is ObjectCreationExpressionSyntax creation ? creation : use, cancellationToken).Symbol;
                if (bound is null || !targets.Contains(Declared(bound) ?? bound)
                    || use.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or FieldDeclarationSyntax) is not { } caller
                    || !seen.Add(caller))
                {
                    continue;
                }
                if (CallerItem(treeModel, caller, display, change, cancellationToken) is { } item)
                {
                    items.Add(item with { ForPaths = [file.NewPath!] });
                }
            }
        }
        return items;
    }

    /// <summary>The member and what a call may name instead: the interface members it implements and the members it overrides.</summary>
    private static HashSet<ISymbol> Targets(ISymbol member)
    {
        var targets = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { member.OriginalDefinition };
        foreach (var contract in member.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(member.Name)))
        {
            if (SymbolEqualityComparer.Default.Equals(member.ContainingType.FindImplementationForInterfaceMember(contract), member))
            {
                targets.Add(contract.OriginalDefinition);
            }
        }
        for (var overridden = Overridden(member); overridden is not null; overridden = Overridden(overridden))
        {
            targets.Add(overridden.OriginalDefinition);
        }
        return targets;
    }

    private static ISymbol? Overridden(ISymbol member) => member switch
    {
        IMethodSymbol m => m.OverriddenMethod,
        IPropertySymbol p => p.OverriddenProperty,
        _ => null,
    };

    private ContextItem? CallerItem(SemanticModel model, MemberDeclarationSyntax caller, string calls, ChangeSet change, CancellationToken cancellationToken)
    {
        var path = model.SyntaxTree.FilePath;
        var (start, end) = LineSpan(caller);
        if (IsShownInDiff(change, path, start) || model.GetDeclaredSymbol(caller is FieldDeclarationSyntax f ? f.Declaration.Variables[0] : caller, cancellationToken) is not { } symbol)
        {
            return null;
        }
        end = Math.Min(end, start + MaxItemLines);
        var display = Display(symbol);
        var isTest = TestFiles.IsTestPath(path);
        var text = CodeFormat.Lines(path, LinesOf(model.SyntaxTree), start, end, $"{(isTest ? "test" : "caller")} {display}");
        return new ContextItem(isTest ? ContextKind.Test : ContextKind.Caller, path, start, end, display,
            isTest ? $"a test that calls {calls}, which the change alters" : $"calls {calls}, which the change alters",
            tokens.Count(text), text, isTest ? 5.0 : 7.0);
    }
}
