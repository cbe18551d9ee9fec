using Microsoft.CodeAnalysis;
using ReviewBot.Diff;

namespace ReviewBot.Context.CSharp;

public sealed partial class RoslynContext
{
    private const int MaxErrorsPerFile = 20;

    /// <summary>Errors that come from what the compiler cannot see here, not from the change: an unrestored package's
    /// names (only while such names are missing elsewhere in the file too) and partial members a source generator completes.</summary>
    private static readonly HashSet<string> UnboundIds = new(StringComparer.Ordinal) { "CS0246", "CS0234", "CS0103", "CS0012", "CS0400", "CS1069", "CS1061", "CS0117", "CS1929", "CS0311", "CS1503" };
    private static readonly HashSet<string> GeneratorIds = new(StringComparer.Ordinal) { "CS8795", "CS9248", "CS0759", "CS8863" };

    /// <summary>The compiler errors located on added lines of the file: "this does not compile: CS1061 …".</summary>
    private static List<CompilerError> Errors(SemanticModel model, CSharpProject project, FileDiff file, CancellationToken cancellationToken)
    {
        var errors = model.GetDiagnostics(cancellationToken: cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error && !GeneratorIds.Contains(d.Id)).ToList();
        var path = file.NewPath!;
        // Unrestored packages, or names missing on unchanged lines, mean the project cannot be fully bound here; a missing name
        // on an added line may then be the package's, not the change's.
        var unbound = project.PackageReferences.Count > 0 || errors.Exists(d => d.Id is "CS0246" or "CS0234" && !file.IsAdded(Line(d)));
        var root = model.SyntaxTree.GetRoot(cancellationToken);
        var text = model.SyntaxTree.GetText(cancellationToken);
        // An error on a line that uses an unbound name is usually the compiler's recovery from it (a wrong overload, a
        // failed inference), not the change's fault.
        return errors.Where(d => file.IsAdded(Line(d)) && !(unbound && (UnboundIds.Contains(d.Id) || UsesUnbound(model, root, text, Line(d), cancellationToken))))
            .Take(MaxErrorsPerFile)
            .Select(d => new CompilerError(path, Line(d), d.Location.GetLineSpan().StartLinePosition.Character + 1, d.Id,
                d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), text.Lines[Line(d) - 1].ToString().Trim()))
            .ToList();
    }

    /// <summary>An error as the model sees it, shown like guidance.</summary>
    private ContextItem ErrorItem(CompilerError error)
    {
        var text = $"### {error.Path}:{error.Line} (compiler error)\n{error.Path}({error.Line},{error.Column}): error {error.Id}: {error.Message}\n";
        return new ContextItem(ContextKind.Guidance, error.Path, error.Line, error.Line, error.Id, Reason(error), tokens.Count(text), text, double.MaxValue)
        {
            ForPaths = [error.Path],
        };
    }

    /// <summary>The errors the base did not have already (the same code and message in the file), so a line that was only
    /// moved or touched does not blame the change for an old error.</summary>
    private static IEnumerable<CompilerError> NewErrors(List<CompilerError> errors, SemanticModel? baseModel, CancellationToken cancellationToken)
    {
        if (errors.Count == 0 || baseModel is null)
        {
            return errors;
        }
        var before = baseModel.GetDiagnostics(cancellationToken: cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}").ToHashSet(StringComparer.Ordinal);
        return errors.Where(e => !before.Contains($"{e.Id} {e.Message}"));
    }

    private static string Reason(CompilerError error) => $"{Prefix}{error.Id} {error.Message}";

    private static bool UsesUnbound(SemanticModel model, SyntaxNode root, Microsoft.CodeAnalysis.Text.SourceText text, int line, CancellationToken cancellationToken) =>
        NamesOn(root, text, line).Any(name => model.GetSymbolInfo(name, cancellationToken) is { Symbol: null, CandidateSymbols.IsEmpty: true }
            || model.GetTypeInfo(name, cancellationToken).Type is IErrorTypeSymbol);

    private const string Prefix = "this does not compile: ";

    private static int Line(Diagnostic diagnostic) => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;
}
