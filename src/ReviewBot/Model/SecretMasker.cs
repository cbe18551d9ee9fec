using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ReviewBot.Model;

/// <summary>
/// Masks secrets (<see cref="PrivateKeyBlocks"/>, then each of <see cref="SecretRules"/>) in text bound for a model. A
/// secret becomes <c>[masked: kind]</c> and the context around it stays; line breaks are kept, so line numbers still
/// hold. The same text always masks the same way, and no mask depends on more than the lines it spans, so code quoted by
/// a model that saw a masked prompt can be checked against the same file masked on its own.
/// </summary>
public static class SecretMasker
{
    /// <summary>What every mask starts with; a suggested replacement that carries one would write it into the code.</summary>
    public const string Marker = "[masked";

    // Ids are hashes of the secrets; the salt makes them meaningless outside this process.
    private static readonly byte[] Salt = RandomNumberGenerator.GetBytes(16);

    public static MaskResult Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<MaskedSecret>();
        var masked = PrivateKeyBlocks.Mask(text, (kind, secret) =>
        {
            found.Add(new MaskedSecret(kind, Id(secret)));
            return Masked(kind, secret);
        });
        foreach (var rule in SecretRules.All)
        {
            masked = Apply(rule, masked, found);
        }
        return new MaskResult(masked, found);
    }

    private static string Apply(SecretRule rule, string text, List<MaskedSecret> found)
    {
        var match = rule.Pattern.Match(text);
        if (!match.Success)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        var position = 0;
        while (match.Success)
        {
            var secret = match.Groups["s"] is { Success: true } group ? group : match;
            var end = secret.Index + secret.Length;
            if (rule.Extent is { } extent)
            {
                end += extent(text.AsSpan(end));
            }
            var value = text[secret.Index..end];
            // Go on from the secret's end, not the match's: a boundary the match took may start the next secret.
            var next = Math.Max(end, match.Index + 1);
            if (value.Length > 0 && rule.Accept?.Invoke(value) != false)
            {
                found.Add(new MaskedSecret(rule.Kind, Id(value)));
                builder.Append(text, position, secret.Index - position).Append(Masked(rule.Kind, value));
                position = end;
            }
            match = next < text.Length ? rule.Pattern.Match(text, next) : Match.Empty;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>
    /// One marker line for each line of the secret (a key block spans many; a blank line in it too, as its diff line is not
    /// blank), line endings as they were.
    /// </summary>
    private static string Masked(string kind, string secret)
    {
        var lines = secret.Split('\n');
        var builder = new StringBuilder($"{Marker}: {kind}]");
        for (var i = 1; i < lines.Length; i++)
        {
            builder.Append(lines[i - 1].EndsWith('\r') ? "\r\n" : "\n").Append(Marker).Append(']');
        }
        return builder.ToString();
    }

    private static string Id(string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Salt, Encoding.UTF8.GetBytes(secret)))[..16];
}
