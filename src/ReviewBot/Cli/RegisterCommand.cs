using ReviewBot.Hosting;
using ReviewBot.Registration;

namespace ReviewBot.Cli;

/// <summary><c>reviewbot register</c>: the command line of <see cref="AppRegistration"/>.</summary>
public static class RegisterCommand
{
    public const string Usage = "usage: reviewbot register --webhook-url URL [--name NAME] [--org ORG] [--github-url URL] [--api-url URL] [--port N] [--env-file PATH] [--no-fixes] [--force] [--wait-minutes N]";

    /// <summary>GitHub's own limit on an App's name.</summary>
    private const int MaxNameLength = 34;

    private static readonly HashSet<string> Values = ["--webhook-url", "--name", "--org", "--github-url", "--api-url", "--port", "--env-file", "--wait-minutes"];

    private static readonly HashSet<string> Flags = ["--no-fixes", "--force"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var request = Parse(CliArguments.Parse(args, Values, Flags));
        try
        {
            await new AppRegistration(request, output).RunAsync(cancellationToken);
            return 0;
        }
        catch (RegistrationException ex)
        {
            throw new CliFailureException(ex.Message, ex);
        }
    }

    public static RegistrationRequest Parse(CliArguments options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = options.Value("--name") ?? "ReviewBot";
        if (name.Length > MaxNameLength || name.Trim().Length == 0)
        {
            throw new CliUsageException($"--name must be 1 to {MaxNameLength} characters, as GitHub allows (was {name.Length}).");
        }

        var gitHub = WebAddress(options, "--github-url") ?? new Uri("https://github.com/");
        var organization = options.Value("--org");
        if (organization is not null && !organization.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new CliUsageException("--org must be an organization's login (letters, digits and '-').");
        }

        var port = options.PositiveNumber("--port") ?? 8711;
        if (port > 65535)
        {
            throw new CliUsageException($"--port must be at most 65535 (was {port}).");
        }

        return new RegistrationRequest(
            name.Trim(),
            WebAddress(options, "--webhook-url") ?? throw new CliUsageException("--webhook-url is required: where GitHub sends webhooks (your server's /api/github/webhooks, or a tunnel such as a smee.io channel)."),
            gitHub,
            WebAddress(options, "--api-url") ?? RegistrationRequest.ApiUrlFor(gitHub),
            organization,
            port,
            Path.GetFullPath(options.Value("--env-file") ?? EnvFile.DefaultName),
            Fixes: !options.Has("--no-fixes"),
            Replace: options.Has("--force"),
            TimeSpan.FromMinutes(options.PositiveNumber("--wait-minutes") is { } wait and > 1440
                ? throw new CliUsageException($"--wait-minutes must be at most 1440 (a day; was {wait}).")
                : options.PositiveNumber("--wait-minutes") ?? 15));
    }

    private static Uri? WebAddress(CliArguments options, string name) => options.Value(name) switch
    {
        null => null,
        // The App's key and secret travel over these: plain http only to this machine (a local tunnel, a test).
        var text when Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0
            && (uri.Scheme == "https" || (uri.Scheme == "http" && (uri.IsLoopback || name == "--webhook-url"))) => uri,
        var text => throw new CliUsageException($"{name} must be an https address (http only for this machine; was \"{text}\")."),
    };
}
