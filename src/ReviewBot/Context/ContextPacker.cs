namespace ReviewBot.Context;

/// <summary>
/// Packs candidates under a token budget: the diff first (in file order), then the guidance, then the related items by
/// rank. An item that does not fit is skipped and a smaller one may still fit; what was left out is noted.
/// </summary>
public static class ContextPacker
{
    public static ContextPack Pack(ContextCandidates candidates, string baseCommit, string headCommit, int budget, bool includeDiff,
        IReadOnlyCollection<string>? forPaths = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var items = new List<ContextItem>();
        var notes = new List<string>(candidates.Notes);
        var used = 0;
        var leftOut = new Dictionary<ContextKind, int>();

        bool Relevant(ContextItem item) =>
            forPaths is null || item.ForPaths.Count == 0 || item.ForPaths.Any(forPaths.Contains);

        void Offer(ContextItem item)
        {
            if (used + item.Tokens <= budget)
            {
                items.Add(item);
                used += item.Tokens;
            }
            else
            {
                leftOut[item.Kind] = leftOut.GetValueOrDefault(item.Kind) + 1;
            }
        }

        if (includeDiff)
        {
            foreach (var item in candidates.Diff.Where(Relevant))
            {
                Offer(item);
            }
        }
        foreach (var item in candidates.Guidance.Where(Relevant))
        {
            Offer(item);
        }
        var related = candidates.Related.Where(Relevant).OrderByDescending(i => i.Score).ThenBy(i => i.Path, StringComparer.Ordinal).ToList();
        foreach (var item in related)
        {
            Offer(item);
        }
        foreach (var (kind, count) in leftOut.OrderBy(l => l.Key))
        {
            notes.Add($"{count} {kind.ToString().ToLowerInvariant()} item(s) did not fit in the budget of {budget} tokens.");
        }
        return new ContextPack(baseCommit, headCommit, budget, used, items, notes, candidates.SymbolSource);
    }
}
