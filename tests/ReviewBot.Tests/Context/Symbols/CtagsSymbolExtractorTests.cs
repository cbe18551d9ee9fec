using System.Diagnostics;
using ReviewBot.Context.Symbols;

namespace ReviewBot.Tests.Context.Symbols;

public class CtagsSymbolExtractorTests
{
    private string _bin = null!;

    [SetUp]
    public void CreateBin()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("the stand-in programs are shell scripts");
        }

        _bin = Directory.CreateTempSubdirectory("reviewbot-ctags-").FullName;
    }

    [TearDown]
    public void DeleteBin() => Directory.Delete(_bin, recursive: true);

    [Test]
    public async Task With_ctags_on_the_path_the_ctags_extractor_is_chosen()
    {
        var extractor = await SymbolExtractors.CreateAsync(null, CancellationToken.None);

        if (extractor.IsFallback && !Extractors.IsCi)
        {
            Assert.Ignore("universal-ctags is not installed (CI installs it)");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(extractor, Is.InstanceOf<CtagsSymbolExtractor>(), "CI=true: .ci/test.sh installs universal-ctags");
            Assert.That(extractor.Name, Is.EqualTo("universal-ctags"));
            Assert.That(extractor.IsFallback, Is.False);
        }
    }

    [Test]
    public async Task A_missing_ctags_gives_the_fallback()
    {
        var extractor = await SymbolExtractors.CreateAsync(Path.Combine(_bin, "no-such-ctags"), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(extractor, Is.InstanceOf<FallbackSymbolExtractor>());
            Assert.That(extractor.Name, Is.EqualTo("fallback"));
            Assert.That(extractor.IsFallback, Is.True);
        }
    }

    [TestCase("echo 'Exuberant Ctags 5.8, Copyright (C) 1996-2009 Darren Hiebert'", TestName = "Exuberant_ctags_gives_the_fallback")]
    [TestCase("case \"$2\" in --version) echo 'Universal Ctags 5.9.0';; --list-features) echo 'json   supports json format output';; esac", TestName = "Universal_ctags_without_interactive_mode_gives_the_fallback")]
    [TestCase("echo 'Universal Ctags 5.9.0'; exit 1", TestName = "A_ctags_that_fails_its_probe_gives_the_fallback")]
    public async Task An_unusable_ctags_gives_the_fallback(string script)
    {
        var extractor = await SymbolExtractors.CreateAsync(Script("ctags", script), CancellationToken.None);

        Assert.That(extractor.IsFallback, Is.True);
    }

    [Test]
    public async Task When_ctags_dies_the_call_is_answered_by_the_fallback_and_says_so()
    {
        var extractor = new CtagsSymbolExtractor(Script("ctags", "exit 3"));
        var file = SymbolFixtures.Load("inventory.py");

        var found = await extractor.ExtractAsync([file], CancellationToken.None);

        var expected = await new FallbackSymbolExtractor().ExtractAsync([file], CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found, Is.EqualTo(expected));
            Assert.That(extractor.RuntimeFallbacks, Is.EqualTo(1));
            Assert.That(extractor.LastFailure, Does.Contain("stopped after 0 of 1 files"));
        }
    }

    [Test]
    public async Task When_ctags_dies_part_way_the_files_it_finished_keep_its_answer()
    {
        var extractor = new CtagsSymbolExtractor(Script("ctags", """
            echo '{"_type": "tag", "name": "from_ctags", "path": "0.py", "line": 1, "kind": "function", "end": 2}'
            echo '{"_type": "completed", "command": "generate-tags"}'
            exit 139
            """));
        SourceFile[] files = [new("a.py", "def a():\n    pass\n"), new("b.py", "def b():\n    pass\n")];

        var found = await extractor.ExtractAsync(files, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(found, Is.EqualTo(new[] { new SymbolDefinition("from_ctags", "function", "a.py", 1, 2, null), new SymbolDefinition("b", "function", "b.py", 1, 2, null) }));
            Assert.That(extractor.LastFailure, Does.Contain("stopped after 1 of 2 files").And.Contain("exit code 139"));
        }
    }

    [Test]
    public async Task When_ctags_hangs_it_is_killed_at_the_timeout_and_the_fallback_answers()
    {
        var pidFile = Path.Combine(_bin, "pid");
        var extractor = new CtagsSymbolExtractor(Script("ctags", $"echo $$ > {pidFile}; exec sleep 60"), TimeSpan.FromMilliseconds(500));
        var stopwatch = Stopwatch.StartNew();

        var found = await extractor.ExtractAsync([SymbolFixtures.Load("server.go")], CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
            Assert.That(found.Select(d => d.Name), Does.Contain("Serve"));
            Assert.That(extractor.LastFailure, Does.Contain("no answer within"));
            Assert.That(await ProcessEndsAsync(pidFile), Is.True, "the hung ctags is killed");
        }
    }

    [Test]
    public async Task Cancellation_kills_ctags_and_throws()
    {
        var pidFile = Path.Combine(_bin, "pid");
        var extractor = new CtagsSymbolExtractor(Script("ctags", $"echo $$ > {pidFile}; exec sleep 60"));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        Assert.That(
            async () => await extractor.ExtractAsync([SymbolFixtures.Load("server.go")], cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ProcessEndsAsync(pidFile), Is.True, "the cancelled ctags is killed");
            Assert.That(extractor.RuntimeFallbacks, Is.Zero, "cancellation is not a failure");
        }
    }

    [Test]
    public async Task Many_files_go_to_one_ctags_process()
    {
        var log = Path.Combine(_bin, "runs");
        var real = await SymbolExtractors.CreateAsync(null, CancellationToken.None);
        if (real is not CtagsSymbolExtractor ctags)
        {
            Assert.Ignore("universal-ctags is not installed");
            return;
        }

        var extractor = new CtagsSymbolExtractor(Script("ctags", $"echo run >> {log}; exec {ctags.CtagsPath} \"$@\""));
        var files = Enumerable.Range(0, 50).Select(i => new SourceFile($"pkg/f{i}.go", $"package pkg\n\nfunc F{i}() {{\n}}\n")).ToList();

        var found = await extractor.ExtractAsync(files, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllLines(log), Has.Length.EqualTo(1));
            Assert.That(found.Where(d => d.IsCallable).Select(d => (d.Path, d.Name)), Is.EqualTo(files.Select((f, i) => (f.Path, $"F{i}"))));
            Assert.That(extractor.RuntimeFallbacks, Is.Zero);
        }
    }

    [Test]
    public async Task Object_literal_methods_are_found_by_ctags_but_not_by_the_fallback()
    {
        var ctags = await Extractors.CreateAsync(ExtractorKind.Ctags);
        var file = new SourceFile("api.js", "const api = {\n  fetch(url) {\n    return url;\n  },\n};\n");

        var byCtags = await ctags.ExtractAsync([file], CancellationToken.None);
        var byFallback = await new FallbackSymbolExtractor().ExtractAsync([file], CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(byCtags, Does.Contain(new SymbolDefinition("fetch", "method", "api.js", 2, 4, "api")));
            Assert.That(byFallback.Select(d => d.Name), Is.EqualTo(new[] { "api" }));
        }
    }

    /// <summary>An executable shell script standing in for ctags.</summary>
    private string Script(string name, string body)
    {
        var path = Path.Combine(_bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>Whether the process whose pid the script wrote is gone (or a zombie) within a few seconds.</summary>
    private static async Task<bool> ProcessEndsAsync(string pidFile)
    {
        if (!File.Exists(pidFile))
        {
            return true;
        }

        var stat = $"/proc/{(await File.ReadAllTextAsync(pidFile)).Trim()}/stat";
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if (File.ReadAllText(stat).Split(' ')[2] == "Z")
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
