namespace ReviewBot.Model;

/// <summary>
/// The distinct secrets masked across the model calls of one review (the intent goes into every chunk, so the same
/// secret is sent many times and counted once). Safe to add to from parallel calls.
/// </summary>
public sealed class SecretTally
{
    private readonly HashSet<MaskedSecret> _secrets = [];
    private readonly Lock _lock = new();

    public void Add(IEnumerable<MaskedSecret> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        lock (_lock)
        {
            _secrets.UnionWith(secrets);
        }
    }

    /// <summary>Counts by kind, most first, then by name.</summary>
    public IReadOnlyList<MaskedKind> ByKind()
    {
        lock (_lock)
        {
            return _secrets.GroupBy(s => s.Kind, StringComparer.Ordinal)
                .Select(g => new MaskedKind(g.Key, g.Count()))
                .OrderByDescending(k => k.Count).ThenBy(k => k.Kind, StringComparer.Ordinal)
                .ToList();
        }
    }
}
