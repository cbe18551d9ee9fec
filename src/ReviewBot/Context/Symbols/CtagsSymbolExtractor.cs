using Microsoft.Extensions.Logging.Abstractions;
using ReviewBot.Context.Symbols.Ctags;

namespace ReviewBot.Context.Symbols;

/// <summary>
/// Finds definitions with Universal Ctags, one process per call, files written to its standard input in interactive
/// mode (nothing on disk). C# files go to the built-in parser instead: ctags 5.9's C# parser predates C# 9 and, measured,
/// tags <c>record Point(int X, int Y)</c> as a method, skips every member of a class with a primary constructor, names a
/// generic method with a <c>where</c> clause after its constraint, and drops expression-bodied members after an
/// interpolated string. When ctags fails at run time (missing, crashed, timed out, unreadable output) the files it had
/// not finished are answered by the built-in parser; the failure is logged and counted in <see cref="RuntimeFallbacks"/>.
/// </summary>
public sealed partial class CtagsSymbolExtractor(string ctagsPath, TimeSpan? timeout = null, ILogger? logger = null) : ISymbolExtractor
{
    /// <summary>How long one call may take: 1,000 files of 200 lines take under a second.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly TimeSpan _timeout = timeout ?? DefaultTimeout;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private int _runtimeFallbacks;
    private string? _lastFailure;

    public string Name => "universal-ctags";

    public bool IsFallback => false;

    public string CtagsPath => ctagsPath;

    /// <summary>How many calls ctags failed and the built-in parser answered instead.</summary>
    public int RuntimeFallbacks => Volatile.Read(ref _runtimeFallbacks);

    /// <summary>Why ctags last failed, or null.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    public async Task<IReadOnlyList<SymbolDefinition>> ExtractAsync(IReadOnlyList<SourceFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var perFile = new IReadOnlyList<SymbolDefinition>[files.Count];
        var viaCtags = new List<int>();
        for (var i = 0; i < files.Count; i++)
        {
            switch (files[i].Language)
            {
                case SourceLanguage.Unknown:
                    perFile[i] = [];
                    break;
                case SourceLanguage.CSharp:
                    perFile[i] = FallbackSymbolExtractor.Extract(files[i]);
                    break;
                default:
                    viaCtags.Add(i);
                    break;
            }
        }

        if (viaCtags.Count > 0)
        {
            var sent = viaCtags.Select(i => files[i]).ToList();
            var run = await CtagsSession.RunAsync(ctagsPath, sent, _timeout, cancellationToken);
            if (run.Failure is { } failure)
            {
                Interlocked.Increment(ref _runtimeFallbacks);
                Volatile.Write(ref _lastFailure, failure);
                Log.CtagsFailed(_logger, ctagsPath, run.Files.Count, sent.Count, failure);
            }

            for (var k = 0; k < viaCtags.Count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                perFile[viaCtags[k]] = k < run.Files.Count ? CtagsDefinitions.From(sent[k], run.Files[k]) : FallbackSymbolExtractor.Extract(sent[k]);
            }
        }

        return [.. perFile.SelectMany(d => d)];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 651, Level = LogLevel.Warning, Message = "ctags ({CtagsPath}) failed after {Done} of {FileCount} file(s); the built-in parser answered for the rest: {Failure}")]
        public static partial void CtagsFailed(ILogger logger, string ctagsPath, int done, int fileCount, string failure);
    }
}
