using System.Security.Cryptography;
using System.Text;
using ReviewBot.GitHub;
using ReviewBot.Hosting;

namespace ReviewBot.Registration;

/// <summary>
/// GitHub's manifest flow from a terminal: a page on loopback posts the manifest to GitHub, GitHub sends the browser back
/// to <c>/callback</c> with a one-time code, and the code becomes the App's id, key and webhook secret, written to the
/// <c>.env</c> file the service reads. Only this run's own requests are served: the start page sits at a random path that
/// only the terminal shows, a request for another host (a DNS-rebinding page) is refused, and the callback must carry the
/// random <c>state</c> that only that page holds.
/// </summary>
public sealed partial class AppRegistration(RegistrationRequest request, TextWriter output)
{
    private const string AutoSubmit = "document.getElementById('register').submit();";

    private readonly string _state = Random();
    private readonly string _startPath = "/" + Random();
    private readonly TaskCompletionSource<RegisteredApp> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _converting;

    /// <summary>Where the person at the terminal opens the flow.</summary>
    public Uri StartUrl => new(request.LocalUrl, _startPath);

    public async Task<RegisteredApp> RunAsync(CancellationToken cancellationToken)
    {
        if (!request.Replace && File.Exists(request.EnvFilePath))
        {
            throw new RegistrationException($"{request.EnvFilePath} exists and may hold another App's key; move it away, or pass --force to replace it.");
        }

        await using var listener = BuildListener();
        try
        {
            await listener.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new RegistrationException($"port {request.Port} on 127.0.0.1 cannot be used ({ex.Message}); pass --port with a free one.", ex);
        }

        await output.WriteLineAsync($"Open {StartUrl} in a browser signed in to {request.GitHubUrl.Host}.");
        await output.WriteLineAsync($"It sends ReviewBot's manifest to GitHub, which asks you to confirm, then comes back here. Waiting up to {request.Timeout.TotalMinutes:0} minutes.");
        await output.FlushAsync(cancellationToken);
        Browser.TryOpen(StartUrl);
        try
        {
            return await WaitAsync(cancellationToken);
        }
        finally
        {
            // Lets the answer of the callback reach the browser before the listener goes.
            await listener.StopAsync(CancellationToken.None);
        }
    }

    private async Task<RegisteredApp> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _finished.Task.WaitAsync(request.Timeout, cancellationToken);
        }
        catch (TimeoutException) when (Volatile.Read(ref _converting) == 1)
        {
            // GitHub came back just in time: its answer holds the App's only copy of the key, so it is waited for.
            return await _finished.Task.WaitAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
        }
        catch (TimeoutException)
        {
            throw new RegistrationException($"GitHub did not come back to {request.CallbackUrl} within {request.Timeout.TotalMinutes:0} minutes; nothing was created here.");
        }
    }

    private WebApplication BuildListener()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(request.LocalUrl.AbsoluteUri);
        var app = builder.Build();
        var host = request.LocalUrl.Authority;
        app.Use(async (context, next) =>
        {
            // A page of another site that rebinds its name to 127.0.0.1 reaches this port under its own host name.
            if (!string.Equals(context.Request.Host.Value, host, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        app.MapGet(_startPath, (Func<HttpContext, IResult>)StartPage);
        app.MapGet("/callback", (Func<HttpContext, Task<IResult>>)CallbackAsync);
        return app;
    }

    private IResult StartPage(HttpContext context)
    {
        var manifest = AppManifest.For(request.Name, request.WebhookUrl, request.CallbackUrl, request.Fixes).ToJsonString();
        // The page may run its one line of script and post its form to GitHub, and nothing else.
        var script = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(AutoSubmit)));
        context.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'sha256-{script}'; form-action {request.GitHubUrl.GetLeftPart(UriPartial.Authority)}; base-uri 'none'; frame-ancestors 'none'";
        return Results.Content(RegistrationPages.Start(request.CreationUrl(_state), manifest, AutoSubmit), "text/html; charset=utf-8");
    }

    private async Task<IResult> CallbackAsync(HttpContext context)
    {
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
        var state = context.Request.Query["state"].ToString();
        var code = context.Request.Query["code"].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(state), Encoding.UTF8.GetBytes(_state)))
        {
            return Page(400, RegistrationPages.Failed("This link does not belong to the registration running in your terminal."));
        }

        if (code.Length is 0 or > 100 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return Page(400, RegistrationPages.Failed("GitHub's answer carries no usable code."));
        }

        if (Interlocked.Exchange(ref _converting, 1) == 1)
        {
            return Page(409, RegistrationPages.Failed("This registration already has its answer."));
        }

        try
        {
            // Not the request's token: a closed tab must not throw away the key GitHub hands over once (Octokit's own timeout bounds it).
            var registered = await ConvertAsync(code, CancellationToken.None);
            Save(registered);
            await SayNextAsync(registered);
            _finished.TrySetResult(registered);
            return Page(200, RegistrationPages.Done(registered.Slug, registered.HtmlUrl));
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the run ends now and says it, rather than waiting out its time.
            var failure = ex as RegistrationException ?? new RegistrationException($"registration failed after GitHub's answer: {ex.Message}", ex);
            _finished.TrySetException(failure);
            return Page(502, RegistrationPages.Failed(failure.Message));
        }
    }

    private async Task<RegisteredApp> ConvertAsync(string code, CancellationToken cancellationToken)
    {
        try
        {
            return await AppManifestConversion.ConvertAsync(request.ApiUrl, code, cancellationToken);
        }
        catch (Octokit.NotFoundException ex)
        {
            throw new RegistrationException("GitHub did not take the code: it works once and for an hour. Run register again.", ex);
        }
        catch (Exception ex) when (ex is Octokit.ApiException or HttpRequestException or InvalidOperationException or UriFormatException)
        {
            throw new RegistrationException($"the conversion at {request.ApiUrl} failed: {ex.Message}", ex);
        }
    }

    private void Save(RegisteredApp app)
    {
        var settings = new List<KeyValuePair<string, string>>
        {
            new("GitHub:AppId", app.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            // One line, with \n for the line breaks: GitHub:PrivateKey reads them back, and an unquoted value stays as written.
            new("GitHub:PrivateKey", app.PrivateKeyPem.Trim().ReplaceLineEndings("\\n")),
            new("GitHub:WebhookSecret", app.WebhookSecret),
        };
        if (request.ApiUrl != RegistrationRequest.ApiUrlFor(new Uri("https://github.com/")))
        {
            settings.Add(new("GitHub:ApiBaseUrl", request.ApiUrl.AbsoluteUri));
        }

        var header = $"Written by `reviewbot register` on {DateTimeOffset.UtcNow:yyyy-MM-dd} for the GitHub App {app.Slug} ({app.HtmlUrl}).\nIt holds the App's private key: keep it to yourself, and out of git.";
        try
        {
            EnvFile.Write(request.EnvFilePath, header, settings, request.Replace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new RegistrationException(
                $"the App {app.Slug} was created, but {request.EnvFilePath} could not be written ({ex.Message}). Generate a private key and set a webhook secret on {app.HtmlUrl}, then set GitHub__AppId={app.Id}, GitHub__PrivateKey and GitHub__WebhookSecret.", ex);
        }
    }

    private async Task SayNextAsync(RegisteredApp app)
    {
        await output.WriteLineAsync($"Registered the GitHub App {app.Slug} (id {app.Id}): {app.HtmlUrl}");
        await output.WriteLineAsync($"Wrote {request.EnvFilePath}{(OperatingSystem.IsWindows() ? "" : " (readable by you only)")}: GitHub__AppId, GitHub__PrivateKey, GitHub__WebhookSecret.");
        await output.WriteLineAsync("Next:");
        await output.WriteLineAsync($"  1. Install it on a repository: {app.HtmlUrl.AbsoluteUri.TrimEnd('/')}/installations/new");
        await output.WriteLineAsync($"  2. Start the service in the folder of {Path.GetFileName(request.EnvFilePath)}: dotnet run --project src/ReviewBot  (or: docker compose up)");
        await output.WriteLineAsync($"  3. Open a pull request; its webhook goes to {request.WebhookUrl}");
        await output.FlushAsync();
    }

    private static IResult Page(int status, string html) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Random() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
}
