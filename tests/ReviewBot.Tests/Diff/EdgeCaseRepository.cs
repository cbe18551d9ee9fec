using System.Text;

namespace ReviewBot.Tests.Diff;

/// <summary>
/// A throw-away git repository whose history holds the cases a diff parser gets wrong: CRLF, missing final newlines,
/// odd names, renames, copies, modes, binaries, empty files, a type change, a submodule and a 100,000-line file.
/// </summary>
public sealed class EdgeCaseRepository : IDisposable
{
    public const int BigFileLines = 100_000;

    // Identity and settings on every command, so the machine's git configuration cannot change what is committed.
    private static readonly string[] Settings =
    [
        "-c", "user.name=ReviewBot Tests", "-c", "user.email=tests@reviewbot.invalid", "-c", "commit.gpgsign=false",
        "-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "-c", "init.defaultBranch=main",
    ];

    private EdgeCaseRepository(string path) => Path = path;

    public string Path { get; }

    public static EdgeCaseRepository Create()
    {
        var repository = new EdgeCaseRepository(Directory.CreateTempSubdirectory("reviewbot-diff-").FullName);
        try
        {
            repository.Build();
            return repository;
        }
        catch
        {
            // The fixture never sees a repository that failed to build, so it could not delete it.
            repository.Dispose();
            throw;
        }
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private void Build()
    {
        Git("init", "-q");

        // 1: everything that later changes.
        Write("crlf.txt", Numbered("crlf", 12, "\r\n"));
        Write("no-newline.txt", "alpha\nbeta\ngamma");
        Write("gains-newline.txt", "one\ntwo");
        Write("loses-newline.txt", "one\ntwo\n");
        Write("café.txt", Numbered("café", 10));
        Write("日本語/ファイル.md", "# 見出し\n本文\n");
        Write("with space.txt", "a\nb\n");
        Write("a b/c d.sh", "echo hi\n");
        Write("tab\tname.txt", "t\n");
        Write("quote\"name.txt", "q\n");
        Write("back\\slash.txt", "s\n");
        Write("new\nline.txt", "n\n");
        Write("rename-pure.txt", Numbered("pure", 20));
        Write("rename-edit.txt", Numbered("edit", 30));
        Write("copy-source.txt", Numbered("copy", 40));
        Write("script.sh", "#!/bin/sh\necho script\n");
        Write("tool.sh", "#!/bin/sh\necho tool\n");
        Write("image.bin", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02, 0x0A, 0x00, 0xFF]);
        Write("to-delete.txt", "going\naway\n");
        Write("emptied.txt", "soon empty\n");
        Write("typechange", "a file, then a link\n");
        Write("big.txt", Numbered("big", BigFileLines));
        Commit("root");

        // 2: renames, a copy, modes, binary change (with a mode change), deletion, empty file, type change, submodule, many hunks.
        Move("rename-pure.txt", "moved/rename-pure.txt");
        Move("rename-edit.txt", "renamed é dir/rename edit.txt");
        Write("renamed é dir/rename edit.txt", Numbered("edit", 30).Replace("edit 7\n", "edit seven\n", StringComparison.Ordinal));
        Write("copy target.txt", Numbered("copy", 40));
        Write("copy-source.txt", Numbered("copy", 40).Replace("copy 40\n", "copy forty\n", StringComparison.Ordinal));
        Write("tool.sh", "#!/bin/sh\necho tool v2\n");
        MakeExecutable("script.sh", "a b/c d.sh", "tool.sh");
        Write("image.bin", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x03, 0x0A, 0x00, 0xFE, 0x00]);
        MakeExecutable("image.bin");
        Write("second.bin", [0x00, 0x00, 0x01]);
        File.Delete(Full("to-delete.txt"));
        Write("empty.txt", "");
        Write("emptied.txt", "");
        Write("gains-newline.txt", "one\ntwo\n");
        Write("loses-newline.txt", "one\ntwo");
        File.Delete(Full("typechange"));
        File.CreateSymbolicLink(Full("typechange"), "crlf.txt");
        Write("crlf.txt", Numbered("crlf", 12, "\r\n").Replace("crlf 5\r\n", "crlf five\r\n", StringComparison.Ordinal));
        Write("big.txt", string.Concat(Enumerable.Range(1, BigFileLines).Select(i => i % 997 == 0 ? $"changed {i}\n" : i % 1009 == 0 ? $"big {i}\nextra {i}\n" : $"big {i}\n")));
        // A submodule that is not checked out: an empty directory, which `git add -A` leaves alone.
        Directory.CreateDirectory(Full("vendor/submodule"));
        Git("update-index", "--add", "--cacheinfo", $"160000,{Git("rev-parse", "HEAD").Trim()},vendor/submodule");
        Commit("second");

        // 3: the no-newline file changed on the new side only, a binary renamed and made executable, another deleted, an empty file filled, the big file rewritten.
        Write("no-newline.txt", "alpha\nbeta\ndelta");
        File.Delete(Full("image.bin"));
        Move("second.bin", "moved/second.bin");
        MakeExecutable("moved/second.bin");
        Write("empty.txt", "now\nfull\n");
        Move("café.txt", "naïve café.txt");
        Write("naïve café.txt", Numbered("café", 10).Replace("café 3\n", "café three\n", StringComparison.Ordinal));
        Write("big.txt", Numbered("rewritten", BigFileLines));
        Git("update-index", "--cacheinfo", $"160000,{Git("rev-parse", "HEAD").Trim()},vendor/submodule");
        Commit("third");

        // 4: final newline added, CRLF turned into LF, names with quotes and tabs edited, files deleted.
        Write("no-newline.txt", "alpha\nbeta\ndelta\n");
        Write("crlf.txt", Numbered("crlf", 12).Replace("crlf 5\n", "crlf five\n", StringComparison.Ordinal));
        Write("tab\tname.txt", "t\nt2\n");
        Write("quote\"name.txt", "q2\n");
        Write("new\nline.txt", "n\nn2");
        File.Delete(Full("back\\slash.txt"));
        File.Delete(Full("moved/second.bin"));
        Commit("fourth");
    }

    private static string Numbered(string word, int count, string newline = "\n") =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"{word} {i}{newline}"));

    private void Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    private void Write(string name, byte[] bytes)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Full(name))!);
        File.WriteAllBytes(Full(name), bytes);
    }

    /// <summary>chmod +x on disk (so `git add -A` keeps it) and in the index (for file systems without modes).</summary>
    private void MakeExecutable(params string[] names)
    {
        foreach (var name in names)
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Full(name), File.GetUnixFileMode(Full(name)) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        Git(["add", "--chmod=+x", .. names]);
    }

    private void Move(string from, string to)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Full(to))!);
        Git("mv", from, to);
    }

    private string Full(string name) => System.IO.Path.Combine(Path, name);

    private void Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
    }

    private string Git(params string[] args) => DiffPropertyChecker.Git(Path, [.. Settings, .. args]);
}
