using System.Text.Json.Nodes;
using ReviewBot.Context;
using ReviewBot.Model;
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
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static bool IsVerb(string[] args) => args is ["review", ..] or ["context", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null,
        IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        output ??= Console.Out;
        error ??= Console.Error;
        var verb = args[0];
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            using var host = Build(settings);
            return verb == "review"
                ? await ReviewAsync(host.Services, args, output, error, cancel.Token)
                : await ContextAsync(host.Services, args, output, error, cancel.Token);
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"reviewbot {verb}: {ex.Message} {(verb == "review" ? ReviewUsage : ContextUsage)}");
            return 2;
        }
        catch (CliFailureException ex)
        {
            await error.WriteLineAsync($"reviewbot {verb}: {ex.Message}");
            return 1;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"reviewbot {verb}: invalid settings: {string.Join(" ", ex.Failures)}");
            return 1;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or InvalidCastException || ex.Message.Contains("Failed to convert", StringComparison.Ordinal))
        {
            // A setting that does not bind (Model__MaxOutputTokens=lots).
            await error.WriteLineAsync($"reviewbot {verb}: invalid settings: {FirstLine(ex.Message)}");
            return 1;
        }
        catch (WorkspaceException ex)
        {
            await error.WriteLineAsync($"reviewbot {verb}: git failed: {FirstLine(ex.Message)}");
            return 1;
        }
        catch (Exception ex) when (ex is System.ClientModel.ClientResultException or HttpRequestException or TimeoutException
            or Polly.ExecutionRejectedException)
        {
            await error.WriteLineAsync($"reviewbot {verb}: {ModelFailure.Describe(ex)}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"reviewbot {verb}: cancelled.");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static IHost Build(IEnumerable<KeyValuePair<string, string?>>? settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        // Standard output carries the result; only warnings from the engine go to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter(level => level >= LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddModel();
        builder.AddWorkspace();
        builder.AddReviewEngine();
        return builder.Build();
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

        var mergeBase = await repository.MergeBaseAsync(baseCommit, head, cancellationToken)
            ?? throw new CliFailureException($"{baseRef} and the head have no common history.");
        RepositorySettings settings;
        using (var blobs = repository.OpenBlobReader())
        {
            settings = RepositorySettings.Parse(await blobs.ReadAsync(baseCommit, RepositorySettings.Path, cancellationToken));
        }
        var commits = await repository.LogAsync(mergeBase, head, 250, cancellationToken);
        var title = commits.Count == 1 ? commits[0].Subject : commits.Count == 0 ? "" : $"{commits.Count} commits since {baseRef}";
        var intent = new ReviewIntent(title, commits.Count == 1 ? commits[0].Body : "", [], commits);
        var result = await services.GetRequiredService<ReviewEngine>()
            .ReviewAsync(new ReviewInput(repository, baseCommit, head, intent, settings), cancellationToken);

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

        var change = await Diff.ChangeSet.LoadAsync(repository, baseCommit, head, cancellationToken);
        string? instructions;
        using (var blobs = repository.OpenBlobReader())
        {
            instructions = RepositorySettings.Parse(await blobs.ReadAsync(change.Base, RepositorySettings.Path, cancellationToken)).Instructions;
        }
        var candidates = await services.GetRequiredService<ContextBuilder>().CollectAsync(repository, change, instructions, cancellationToken);
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

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
