using System.Diagnostics;
using System.Runtime.CompilerServices;
using ReviewBot.Diff;

namespace ReviewBot.Tests.Diff;

/// <summary>Huge diffs: read one file at a time, and quickly.</summary>
public class DiffParserStreamingTests
{
    [Test]
    public void Enumerating_the_first_file_reads_little_more_than_that_file()
    {
        var reader = new GeneratedDiffReader(files: 1000, linesPerFile: 100);
        var total = reader.Length;
        using var files = DiffParser.Parse(reader).GetEnumerator();

        Assert.That(files.MoveNext(), Is.True);
        var first = files.Current;
        var read = reader.CharsRead;

        using (Assert.EnterMultipleScope())
        {
            Assert.That((first.Path, first.AddedCount, first.RemovedCount), Is.EqualTo(("dir/file0.txt", 33, 33)));
            // One file is about 7,000 characters: the parser may have read its next line and a buffer more, not the 7 MB.
            Assert.That(read, Is.LessThan(64 * 1024), $"read {read} of {total} characters for the first file");
            Assert.That(total, Is.GreaterThan(5_000_000));
        }
    }

    [Test]
    public void Enumerating_every_file_reads_the_whole_input_once()
    {
        var reader = new GeneratedDiffReader(files: 50, linesPerFile: 101);

        var files = DiffParser.Parse(reader).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(files, Has.Count.EqualTo(50));
            Assert.That(files[^1].Hunks.Single().Lines, Has.Count.EqualTo(101));
            Assert.That(reader.CharsRead, Is.EqualTo(reader.Length));
        }
    }

    [Test]
    public void Files_already_enumerated_are_not_kept_by_the_parser()
    {
        var reader = new GeneratedDiffReader(files: 20, linesPerFile: 1000);
        using var files = DiffParser.Parse(reader).GetEnumerator();

        var first = FirstFileReference(files);
        while (files.MoveNext())
        {
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.That(first.IsAlive, Is.False);
    }

    [TestCase(1, 200_000)]
    [TestCase(100, 2_000)]
    public void Two_hundred_thousand_line_diff_parses_quickly(int fileCount, int linesPerFile)
    {
        // Warm-up outside the measurement: JIT and tiering would otherwise dominate a small run.
        _ = DiffParser.Parse(new GeneratedDiffReader(10, 1000)).Count();
        var clock = Stopwatch.StartNew();

        var lines = 0;
        foreach (var file in DiffParser.Parse(new GeneratedDiffReader(fileCount, linesPerFile)))
        {
            lines += file.Hunks.Sum(h => h.Lines.Count);
        }

        clock.Stop();
        TestContext.Out.WriteLine($"{lines:N0} hunk lines in {fileCount} files parsed in {clock.Elapsed.TotalMilliseconds:F0} ms");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines, Is.EqualTo(200_000));
            // Measured at about 0.1 s; the bound only catches an accidental quadratic on a busy CI machine.
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference FirstFileReference(IEnumerator<FileDiff> files)
    {
        files.MoveNext();
        return new WeakReference(files.Current);
    }
}
