using System.Text.RegularExpressions;

namespace ReviewBot.Feedback;

/// <summary>
/// Does a reply in a finding's thread say the finding is wrong? A short list of phrases people use ("false positive",
/// "not a bug", "by design" …), read in the reply's own words: quoted lines and code are the finding's or the code's
/// words, not the replier's; a phrase that is negated ("not wrong", "isn't intended") or asked ("is this wrong?") says
/// nothing. Only the start of a long reply is read.
/// </summary>
public static partial class RejectionWords
{
    /// <summary>Characters of a reply read; a rejection is said up front, and a huge reply costs no more than this.</summary>
    public const int MaxRead = 4_000;

    private static readonly string[] Phrases =
    [
        "false positive", "not a bug", "not an issue", "not a problem", "not applicable", "won't fix", "wontfix", "by design",
        "works as intended", "wrong", "incorrect", "intended", "intentional", "invalid",
    ];

    /// <summary>The phrase that rejects the finding, or null when the reply says no such thing.</summary>
    public static string? Find(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = OwnWords(reply.Length > MaxRead ? reply[..MaxRead] : reply);
        foreach (var phrase in Phrases)
        {
            foreach (Match match in Regex.Matches(text, $@"(?<![\w']){Regex.Escape(phrase)}(?![\w'])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                if (!Negated(text, match.Index, phrase) && !Asked(text, match.Index + match.Length))
                {
                    return phrase;
                }
            }
        }
        return null;
    }

    /// <summary>Lower case, one apostrophe, without quoted lines, fenced blocks and code spans.</summary>
    private static string OwnWords(string reply)
    {
        var lines = new List<string>();
        var fenced = false;
        foreach (var raw in reply.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.TrimStart();
            if (line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("~~~", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }
            if (!fenced && !line.StartsWith('>'))
            {
                lines.Add(CodeSpan().Replace(line, " "));
            }
        }
        return string.Join('\n', lines).Replace('\u2019', '\'').Replace('\u2018', '\'').ToLowerInvariant();
    }

    private static bool Negated(string text, int at, string phrase)
    {
        if (phrase.StartsWith("not ", StringComparison.Ordinal) || phrase.Contains('\'', StringComparison.Ordinal))
        {
            return false;
        }
        var before = text[Math.Max(0, at - 12)..at];
        return Negation().IsMatch(before);
    }

    /// <summary>The sentence the phrase is in ends with a question mark.</summary>
    private static bool Asked(string text, int end)
    {
        var stop = text.IndexOfAny(['.', '!', '?', '\n'], end);
        return stop >= 0 && text[stop] == '?';
    }

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(?:\bnot|n't|\bnever|\bno)\s+(?:\w+\s+)?$")]
    private static partial Regex Negation();
}
