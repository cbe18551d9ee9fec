using System.Diagnostics;
using System.Globalization;
using ReviewBot.Evaluation;

namespace ReviewBot.Cli;

/// <summary>
/// The <c>eval</c> verb's progress for a person at a terminal: cases done of all, from the cache, failed, tokens and
/// time, rewritten in place on one line of standard error (as <see cref="ReviewProgress"/> does for one review).
/// </summary>
public sealed class EvalProgress(TextWriter writer, int total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done;
    private int _cached;
    private int _failed;
    private long _tokens;
    private int _shownLength;

    public static bool Wanted(TextWriter error) => ReviewProgress.Wanted(error);

    public void Finished(CaseResult result, bool cached)
    {
        ArgumentNullException.ThrowIfNull(result);
        _done++;
        _cached += cached ? 1 : 0;
        _failed += result.Error is null ? 0 : 1;
        _tokens += result.Tokens.Input + result.Tokens.Output + result.Tokens.JudgeInput + result.Tokens.JudgeOutput;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"eval: {_done}/{total} case(s), {_cached} from the cache, {_failed} failed, {_tokens:N0} tokens, {_clock.Elapsed.TotalSeconds:0} s");
        writer.Write("\r" + line.PadRight(_shownLength));
        writer.Flush();
        _shownLength = Math.Max(_shownLength, line.Length);
    }

    public void Finish()
    {
        if (_shownLength > 0)
        {
            writer.Write("\r" + new string(' ', _shownLength) + "\r");
            writer.Flush();
            _shownLength = 0;
        }
    }
}
