using System.Text;

namespace ReviewBot.Model;

/// <summary>
/// Makes the usual near-JSON of servers without strict schemas readable: code fences around the object, prose before or
/// after it, trailing commas. Anything else is left for a retry.
/// </summary>
public static class JsonRepair
{
    public static string? ExtractObject(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }
        return RemoveTrailingCommas(text[start..(end + 1)]);
    }

    private static string RemoveTrailingCommas(string json)
    {
        var builder = new StringBuilder(json.Length);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                builder.Append(c);
                if (c == '\\' && i + 1 < json.Length)
                {
                    builder.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            if (c == '"')
            {
                inString = true;
            }
            else if (c == ',')
            {
                var next = i + 1;
                while (next < json.Length && char.IsWhiteSpace(json[next]))
                {
                    next++;
                }
                if (next < json.Length && json[next] is '}' or ']')
                {
                    continue;
                }
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
