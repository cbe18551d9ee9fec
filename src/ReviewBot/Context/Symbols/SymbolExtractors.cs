using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using ReviewBot.Context.Symbols.Ctags;

namespace ReviewBot.Context.Symbols;

/// <summary>Picks the symbol extractor for this machine: Universal Ctags when it is installed with JSON and interactive mode, else the fallback.</summary>
public static partial class SymbolExtractors
{
    // A healthy ctags answers --version in milliseconds; a hung one must not hold up startup.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    private static readonly string[] RequiredFeatures = ["json", "interactive"];

    /// <summary>Probes ctags once (<c>--version</c>, <c>--list-features</c>). <paramref name="ctagsPath"/> null means <c>ctags</c> on the PATH.</summary>
    public static Task<ISymbolExtractor> CreateAsync(string? ctagsPath, CancellationToken cancellationToken) =>
        CreateAsync(ctagsPath, null, cancellationToken);

    /// <inheritdoc cref="CreateAsync(string?, CancellationToken)"/>
    public static async Task<ISymbolExtractor> CreateAsync(string? ctagsPath, ILogger? logger, CancellationToken cancellationToken)
    {
        logger ??= NullLogger.Instance;
        var path = string.IsNullOrWhiteSpace(ctagsPath) ? "ctags" : ctagsPath;
        var version = await RunAsync(path, "--version", cancellationToken);
        if (version is null || !version.Contains("Universal Ctags", StringComparison.Ordinal))
        {
            Log.Unusable(logger, path, version is null ? "it did not run" : "it is not Universal Ctags");
            return new FallbackSymbolExtractor();
        }

        var features = await RunAsync(path, "--list-features", cancellationToken) ?? "";
        var missing = RequiredFeatures.Where(f => !HasFeature(features, f)).ToList();
        if (missing.Count > 0)
        {
            Log.Unusable(logger, path, $"it was built without {string.Join(" and ", missing)}");
            return new FallbackSymbolExtractor();
        }

        Log.Using(logger, path, version.Split('\n')[0].Trim());
        return new CtagsSymbolExtractor(path, logger: logger);
    }

    private static bool HasFeature(string features, string feature) =>
        features.Split('\n').Any(line => line.Split(' ', 2)[0].Trim() == feature);

    /// <summary>Standard output of a successful run, or null when the program is missing, fails or hangs.</summary>
    private static async Task<string?> RunAsync(string path, string argument, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = CtagsSession.StartInfo(path, ["--options=NONE", argument]) };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            return null;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ProbeTimeout);
        process.StandardInput.Close();
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(limit.Token);
            var errors = process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            await errors;
            return process.ExitCode == 0 ? await output : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited, the usual case.
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 652, Level = LogLevel.Information, Message = "Symbols: using {CtagsPath} ({Version})")]
        public static partial void Using(ILogger logger, string ctagsPath, string version);

        [LoggerMessage(EventId = 653, Level = LogLevel.Warning, Message = "Symbols: {CtagsPath} is not usable ({Reason}); using the built-in parser, which finds fewer definitions")]
        public static partial void Unusable(ILogger logger, string ctagsPath, string reason);
    }
}
