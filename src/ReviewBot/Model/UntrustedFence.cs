using System.Security.Cryptography;
using System.Text;

namespace ReviewBot.Model;

/// <summary>
/// Wraps untrusted text (PR title and body, commit messages, code, comments) in markers that carry a random nonce made
/// for one request. The text cannot close a fence whose nonce it does not know, and the instructions say that nothing
/// inside a fence is an instruction.
/// </summary>
public sealed class UntrustedFence
{
    private UntrustedFence(string nonce) => Nonce = nonce;

    public string Nonce { get; }

    public static UntrustedFence Create() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));

    public string Wrap(string kind, string text, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The nonce is 96 random bits, so this only triggers if the text quotes this very prompt back; then the
        // occurrence is defused rather than trusted.
        var safe = text.Replace(Nonce, "[nonce removed]", StringComparison.Ordinal);
        var attributes = label is null ? $"kind=\"{kind}\"" : $"kind=\"{kind}\" label=\"{Escape(label)}\"";
        var builder = new StringBuilder(safe.Length + 128);
        builder.Append("<untrusted-").Append(Nonce).Append(' ').Append(attributes).Append(">\n");
        builder.Append(safe);
        if (!safe.EndsWith('\n'))
        {
            builder.Append('\n');
        }
        builder.Append("</untrusted-").Append(Nonce).Append(">\n");
        return builder.ToString();
    }

    private static string Escape(string label) => label.Replace("\"", "'", StringComparison.Ordinal).Replace('\n', ' ');
}
