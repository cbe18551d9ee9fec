using System.Numerics;

namespace ReviewBot.Context.Index;

/// <summary>
/// A Bloom filter of the words of one file, where a word is what <c>git grep -w</c> takes for one (letters, digits,
/// underscores; here at least 3 long, not starting with a digit). "No" is certain; "maybe" is wrong about 1 time in
/// 1,000 or less, so a search for a few hundred names over 100,000 files reads only the files that may use them.
/// 16 to 32 bits per distinct word, 6 probes.
/// </summary>
public static class WordFilter
{
    public const int MinWord = 3;
    private const int Probes = 6;

    /// <summary>The filter of <paramref name="text"/>'s words.</summary>
    public static byte[] Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hashes = new HashSet<ulong>();
        foreach (var (start, length) in Words(text))
        {
            hashes.Add(Hash(text.AsSpan(start, length)));
        }
        var bits = (int)Math.Max(64, BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, hashes.Count * 16)));
        var filter = new byte[bits / 8];
        foreach (var hash in hashes)
        {
            for (uint i = 0; i < Probes; i++)
            {
                var bit = Bit(hash, i, (uint)(bits - 1));
                filter[bit >> 3] |= (byte)(1 << (bit & 7));
            }
        }
        return filter;
    }

    /// <summary>False when the file surely does not use <paramref name="word"/>; an empty filter (unknown) says maybe.</summary>
    public static bool MayContain(ReadOnlySpan<byte> filter, string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return MayContain(filter, Hash(word));
    }

    /// <summary>The hash a filter is probed with: computed once per word when many filters are asked.</summary>
    public static ulong Hash(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return Hash(word.AsSpan());
    }

    /// <inheritdoc cref="MayContain(ReadOnlySpan{byte}, string)"/>
    public static bool MayContain(ReadOnlySpan<byte> filter, ulong hash)
    {
        if (filter.Length == 0)
        {
            return true;
        }
        var mask = (uint)(filter.Length * 8 - 1);
        for (uint i = 0; i < Probes; i++)
        {
            var bit = Bit(hash, i, mask);
            if ((filter[bit >> 3] & (1 << (bit & 7))) == 0)
            {
                return false;
            }
        }
        return true;
    }

    private static IEnumerable<(int Start, int Length)> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && IsWordChar(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                if (i - start >= MinWord && !char.IsDigit(text[start]))
                {
                    yield return (start, i - start);
                }
                start = -1;
            }
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    // Double hashing over one 64-bit hash: probe i is h1 + i * h2 (Kirsch and Mitzenmacher), the same when written and read.
    private static int Bit(ulong hash, uint probe, uint mask) => (int)(((uint)hash + probe * ((uint)(hash >> 32) | 1)) & mask);

    // FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.
    private static ulong Hash(ReadOnlySpan<char> word)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }
}
