using ReviewBot.Fixes;
using System.Text.Json.Nodes;
using ReviewBot.Commands;
using ReviewBot.Context;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Pipeline;
using ReviewBot.Publishing;
using ReviewBot.Reviews;
using ReviewBot.Workspace;

namespace ReviewBot.Cli;

/// <summary>
/// The command-line verbs: <c>review</c> reviews a local branch; <c>context</c> prints what would be sent to the model and
/// sends nothing. Settings come from appsettings.json and environment variables as for the service. Every failure is one
/// line on standard error and a non-zero exit code: 2 for a wrong command line, 1 for anything else.
/// </summary>
public static class CommandLine
{
    public const string ReviewUsage = "usage: reviewbot review --repo PATH [--base REF] [--head REF] [--format text|json|sarif]";
    public const string ContextUsage = "usage: reviewbot context --repo PATH --base REF --head REF [--budget TOKENS] [--json]";
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // The output is read by people and tools, never embedded in HTML: `<`, `>` and `+` stay as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// True when the arguments start the service: none (so <c>dotnet run</c> still does), <c>serve ...</c>, or options
    /// only (<c>ReviewBot.dll --urls URL</c>, as scripts and tests call it). Anything else is a command-line verb, and a
    /// mistyped verb is refused rather than taken for the service.
    /// </summary>
    public static bool StartsServer(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args switch
        {
            [] => true,
            ["serve", var next, ..] when CliHelp.IsHelp(next) => false,
            ["serve", ..] => true,
            [var first, ..] => first.StartsWith("--", StringComparison.Ordinal) && first is not ("--help" or "--version" or "--verbose"),
        };
    }

    /// <summary>The arguments the service gets: those after <c>serve</c>, or all of them.</summary>
    public static string[] ServerArguments(string[] args) => args is ["serve", .. var rest] ? rest : args;

    /// <param name="environment">The variables <c>action</c> reads (GITHUB_*); default: this process's environment.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null,
        IEnumerable<KeyValuePair<string, string?>>? settings = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        output ??= Console.Out;
        error ??= Console.Error;
        switch (args)
        {
            case []:
            case [var help, ..] when CliHelp.IsHelp(help):
            case ["serve", ..]:
                await output.WriteLineAsync(CliHelp.Overview);
                return 0;
            case ["--version", ..]:
                await output.WriteLineAsync($"reviewbot {CliHelp.Version()}");
                return 0;
            case [not ("review" or "context" or "action" or "register" or "eval"), ..]:
                await error.WriteLineAsync($"reviewbot: unknown command \"{args[0]}\". The commands are review, context, eval, action, register and serve; see reviewbot --help.");
                return 2;
            case [_, .. var rest] when rest.Any(a => a is "--help" or "-h"):
                await output.WriteLineAsync(args[0] switch { "review" => CliHelp.Review, "action" => CliHelp.Action, "register" => CliHelp.Register, "eval" => CliHelp.Eval, _ => CliHelp.Context });
                return 0;
        }
        var verbose = args.Contains("--verbose");
        return await RunVerbAsync([.. args.Where(a => a != "--verbose")], output, error, settings, environment, verbose);
    }

    private static async Task<int> RunVerbAsync(string[] args, TextWriter output, TextWriter error,
        IEnumerable<KeyValuePair<string, string?>>? settings, IReadOnlyDictionary<string, string?>? environment, bool verbose)
    {
        var verb = args[0];
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        // Progress only for a review (context calls no model), and only for a person watching.
        var progress = verb == "review" && ReviewProgress.Wanted(error) ? new ReviewProgress(error) : null;
        try
        {
            if (verb == "register")
            {
                // No host: registering needs neither settings nor a model, only GitHub and a browser.
                return await RegisterCommand.RunAsync(args, output, cancel.Token);
            }

            if (verb == "action")
            {
                // The run's variables first: without them there is nothing to build a host for.
                var run = ActionEnvironment.Read(environment ?? ActionEnvironment.Current());
                using var actionHost = CliHost.Build([.. settings ?? [], .. run.Settings()], error, verbose, null, forAction: true);
                return await ActionCommand.RunAsync(actionHost.Services, run, args, output, cancel.Token);
            }
            using var host = CliHost.Build(settings, error, verbose, progress);
            return verb switch
            {
                "review" => await ReviewAsync(host.Services, args, output, error, cancel.Token),
                "eval" => await EvalCommand.RunAsync(host.Services, args, output, error, cancel.Token),
                _ => await ContextAsync(host.Services, args, output, error, cancel.Token),
            };
        }
        catch (Exception ex)
        {
            progress?.Finish();
            var (exit, message) = CliFailures.Describe(ex, verb switch { "review" => ReviewUsage, "action" => ActionCommand.Usage, "register" => RegisterCommand.Usage, "eval" => EvalCommand.Usage, _ => ContextUsage });
            await error.WriteLineAsync($"reviewbot {verb}: {message}");
            if (verbose)
            {
                await error.WriteLineAsync(ex.ToString());
            }
            return exit;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> ReviewAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = CliArguments.Parse(args, new HashSet<string> { "--repo", "--base", "--head", "--format" }, new HashSet<string>());
        var format = options.Value("--format") ?? "text";
        if (format is not ("text" or "json" or "sarif"))
        {
            throw new CliUsageException($"--format must be text, json or sarif (was \"{format}\").");
        }
        using var repository = await OpenAsync(services, options.Required("--repo"), cancellationToken);
        var head = await ResolveAsync(repository, options.Value("--head") ?? "HEAD", cancellationToken);
        var (baseRef, baseCommit) = await ResolveBaseAsync(repository, options.Value("--base"), cancellationToken);

        var model = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        if (!model.IsConfigured)
        {
            throw new CliFailureException(
                "no model is configured: set Model__Endpoint and Model__Name (and Model__ApiKey if the server needs one), or the Model section of appsettings.json. " +
                $"To see what would be sent without a model, run: reviewbot context --repo {options.Value("--repo")} --base {baseRef} --head {options.Value("--head") ?? "HEAD"} --json");
        }

        // The same snapshot step as the server's and the Action's; a local branch has no title, linked issues or skip rules.
        var taken = await PullRequestSnapshots.TakeAsync(repository, new PullRequestFacts(baseCommit, head) { BaseName = baseRef }, null, cancellationToken);
        var result = await services.GetRequiredService<ReviewEngine>().ReviewAsync(taken.Snapshot!, cancellationToken);
        services.GetService<ReviewProgress>()?.Finish();

        await output.WriteAsync(format switch
        {
            "json" => JsonSerializer.Serialize(result, Indented) + "\n",
            "sarif" => SarifReport.Write(result) + "\n",
            _ => ReviewReport.Text(result),
        });
        // 3: the review ran but parts of it got no usable answer, so "no findings" would not mean "no problems".
        return result.IsComplete ? 0 : 3;
    }

    private static async Task<int> ContextAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = CliArguments.Parse(args, new HashSet<string> { "--repo", "--base", "--head", "--budget" }, new HashSet<string> { "--json" });
        var repoPath = options.Required("--repo");
        var baseRef = options.Required("--base");
        var headRef = options.Required("--head");
        var budget = options.PositiveNumber("--budget") ?? services.GetRequiredService<IOptions<ModelOptions>>().Value.ContextTokens;
        using var repository = await OpenAsync(services, repoPath, cancellationToken);
        var head = await ResolveAsync(repository, headRef, cancellationToken);
        var baseCommit = await ResolveAsync(repository, baseRef, cancellationToken);

        var snapshot = (await PullRequestSnapshots.TakeAsync(repository, new PullRequestFacts(baseCommit, head) { BaseName = baseRef }, null, cancellationToken)).Snapshot!;
        var candidates = await services.GetRequiredService<ContextBuilder>().CollectAsync(repository, snapshot.Change, snapshot.Settings.Instructions, cancellationToken);
        var pack = ContextPacker.Pack(candidates, baseCommit, head, budget, includeDiff: true);
        foreach (var note in pack.Notes)
        {
            await error.WriteLineAsync($"note: {note}");
        }

        if (options.Has("--json"))
        {
            await output.WriteLineAsync(ContextJson(pack).ToJsonString(Indented));
        }
        else
        {
            await output.WriteLineAsync($"{pack.Items.Count} item(s), {pack.UsedTokens} of {pack.BudgetTokens} tokens, symbols by {pack.SymbolSource}\n");
            foreach (var item in pack.Items)
            {
                await output.WriteLineAsync($"[{item.Kind.ToString().ToLowerInvariant()}] {item.Path}:{item.StartLine}-{item.EndLine} {item.Symbol} ({item.Tokens} tokens): {item.Reason}");
                // As the model would get it: the model client masks secrets before anything is sent.
                await output.WriteLineAsync(SecretMasker.Mask(item.Text).Text);
            }
        }
        return 0;
    }

    /// <summary>The <c>context --json</c> contract: exactly these fields, in this order.</summary>
    public static JsonObject ContextJson(ContextPack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return new JsonObject
        {
            ["base"] = pack.Base,
            ["head"] = pack.Head,
            ["budgetTokens"] = pack.BudgetTokens,
            ["usedTokens"] = pack.UsedTokens,
            ["items"] = new JsonArray(pack.Items.Select(i => (JsonNode)new JsonObject
            {
                ["kind"] = i.Kind.ToString().ToLowerInvariant(),
                ["path"] = i.Path,
                ["startLine"] = i.StartLine,
                ["endLine"] = i.EndLine,
                ["symbol"] = i.Symbol,
                ["reason"] = i.Reason,
                ["tokens"] = i.Tokens,
            }).ToArray()),
        };
    }

    private static async Task<GitRepository> OpenAsync(IServiceProvider services, string path, CancellationToken cancellationToken) =>
        await GitRepository.OpenLocalAsync(services.GetRequiredService<GitRunner>(), Path.GetFullPath(path), cancellationToken)
        ?? throw new CliFailureException($"{path} is not a git repository.");

    private static async Task<string> ResolveAsync(GitRepository repository, string revision, CancellationToken cancellationToken) =>
        await repository.ResolveCommitAsync(revision, cancellationToken)
        ?? throw new CliFailureException($"the ref \"{revision}\" does not exist in this repository.");

    /// <summary>The given base, else the first of the usual default branches that exists.</summary>
    private static async Task<(string Ref, string Commit)> ResolveBaseAsync(GitRepository repository, string? given, CancellationToken cancellationToken)
    {
        if (given is not null)
        {
            return (given, await ResolveAsync(repository, given, cancellationToken));
        }
        foreach (var candidate in new[] { "origin/HEAD", "origin/main", "origin/master", "main", "master" })
        {
            if (await repository.ResolveCommitAsync(candidate, cancellationToken) is { } commit)
            {
                return (candidate, commit);
            }
        }
        throw new CliFailureException("no --base given and none of origin/HEAD, origin/main, origin/master, main, master exists; pass --base REF.");
    }

}
