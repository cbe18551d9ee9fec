namespace ReviewBot.Model;

/// <summary>The masked text and the secrets that were masked in it, in the order found.</summary>
public sealed record MaskResult(string Text, IReadOnlyList<MaskedSecret> Secrets)
{
    public bool AnyMasked => Secrets.Count > 0;

    public IEnumerable<string> Kinds => Secrets.Select(s => s.Kind);
}

/// <summary>
/// One masked secret: its kind, and an id that tells two secrets apart without holding either (a salted hash that lives
/// only in this process and is never printed), so the same secret sent in several calls counts once.
/// </summary>
public sealed record MaskedSecret(string Kind, string Id);

/// <summary>How many distinct secrets of one kind were masked.</summary>
public sealed record MaskedKind(string Kind, int Count);
