using System.Globalization;
using ReviewBot.Tests.Diff;

namespace ReviewBot.Benchmarks;

/// <summary>
/// <c>diff-property GIT-DIR [MAX-COMMITS]</c>: the diff parser's property check (see <see cref="DiffPropertyChecker"/>)
/// over the first-parent, non-merge history of any repository, for runs over public repositories by hand.
/// </summary>
internal static class DiffPropertyCommand
{
    public const string Verb = "diff-property";

    public static int Run(string[] args)
    {
        int? max = null;
        if (args.Length is < 1 or > 2 || (args.Length == 2 && !TryParseCount(args[1], out max)))
        {
            Console.Error.WriteLine($"usage: {Verb} GIT-DIR [MAX-COMMITS (>= 1)]");
            return 2;
        }

        using var checker = new DiffPropertyChecker(args[0]);
        var report = checker.CheckHistory(max, progress => Console.Error.WriteLine(progress.Summary));
        Console.WriteLine(report);
        return report.Failures == 0 ? 0 : 1;
    }

    private static bool TryParseCount(string text, out int? count)
    {
        var ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1;
        count = ok ? value : null;
        return ok;
    }
}
