using System.Security.Cryptography;
using System.Text;

namespace ReviewBot.Evaluation;

/// <summary>
/// Finished cases, one file per case and model (<c>OUT/cache/MODEL/SHA256(case id).json</c>, holding the
/// <see cref="CaseResult"/>), so a run that was stopped goes on where it stopped without asking the model again. A case
/// that ended in an error is not a finished case: the next run tries it again.
/// </summary>
public sealed class EvalCache(string outDirectory, string model)
{
    public string Folder { get; } = Path.Combine(outDirectory, "cache", Safe(model));

    public string PathOf(EvalCase evalCase)
    {
        ArgumentNullException.ThrowIfNull(evalCase);
        return Path.Combine(Folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(evalCase.Id))) + ".json");
    }

    /// <summary>The finished result of this very case (same id, same golden comments), or null.</summary>
    public async Task<CaseResult?> ReadAsync(EvalCase evalCase, CancellationToken cancellationToken)
    {
        var path = PathOf(evalCase);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            await using var stream = File.OpenRead(path);
            var result = await JsonSerializer.DeserializeAsync<CaseResult>(stream, EvalJson.Options, cancellationToken);
            // An edited benchmark (a golden comment added or changed) makes the old judgement stale.
            return result is { Error: null } && result.Case.Id == evalCase.Id && result.Case.Golden.SequenceEqual(evalCase.Golden) ? result : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public Task WriteAsync(CaseResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        return EvalJson.WriteAtomicAsync(PathOf(result.Case), result, cancellationToken);
    }

    private static string Safe(string name)
    {
        var safe = new string([.. name.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_')]);
        return safe.Length == 0 || safe.All(c => c == '.') ? "model" : safe;
    }
}
