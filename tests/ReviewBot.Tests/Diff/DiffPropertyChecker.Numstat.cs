using System.Globalization;

namespace ReviewBot.Tests.Diff;

public sealed partial class DiffPropertyChecker
{
    /// <summary>One entry of <c>git diff --numstat -z</c>: counts (null for a binary file) and the raw, unquoted names.</summary>
    internal sealed record Numstat(int? Added, int? Removed, string Path, string? OldPath)
    {
        public bool IsBinary => Added is null;

        /// <summary>
        /// Entries are <c>added TAB removed TAB path NUL</c>, or for a rename or copy <c>added TAB removed TAB NUL old NUL new NUL</c>.
        /// </summary>
        public static List<Numstat> Parse(byte[] output)
        {
            var fields = Utf8.GetString(output).Split('\0');
            var entries = new List<Numstat>();
            for (var i = 0; i < fields.Length && fields[i].Length > 0; i++)
            {
                var parts = fields[i].Split('\t', 3);
                var (added, removed) = (Count(parts[0]), Count(parts[1]));
                entries.Add(parts[2].Length > 0
                    ? new Numstat(added, removed, parts[2], null)
                    : new Numstat(added, removed, fields[i + 2], fields[i + 1]));
                i += parts[2].Length > 0 ? 0 : 2;
            }

            return entries;
        }

        private static int? Count(string text) => text == "-" ? null : int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
