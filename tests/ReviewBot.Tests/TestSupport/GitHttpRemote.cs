using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ReviewBot.Tests.TestSupport;

/// <summary>One request the remote saw: what was asked, whether it carried the expected token, and whether the token was in the URL.</summary>
public sealed record GitHttpRequest(string Method, string Path, string Query, int Status, bool Authorized, bool TokenInUrl)
{
    public bool IsPush => Path.EndsWith("/git-receive-pack", StringComparison.Ordinal) && Method == "POST";
}

/// <summary>
/// A real git remote over smart HTTP on loopback: Kestrel hands each request to <c>git http-backend</c> as CGI, after
/// checking the <c>Authorization</c> header GitHub takes from an App (<c>Basic x-access-token:TOKEN</c>); anything else
/// is a 401. Every request is recorded. Repositories are bare copies of test repositories, pushable over HTTP.
/// </summary>
public sealed partial class GitHttpRemote : IAsyncDisposable
{
    private const string Backend = "/usr/lib/git-core/git-http-backend";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GitHttpRequest> _requests = new();
    private readonly string _expectedAuthorization;
    private Action? _beforeNextPush;

    private GitHttpRemote(WebApplication app, string token)
    {
        _app = app;
        Token = token;
        _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token}"));
        Root = Directory.CreateTempSubdirectory("reviewbot-remote-").FullName;
    }

    public string Token { get; }

    /// <summary>The folder holding the served bare repositories (GIT_PROJECT_ROOT).</summary>
    public string Root { get; }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<GitHttpRequest> Requests => [.. _requests];

    public static async Task<GitHttpRemote> StartAsync(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var remote = new GitHttpRemote(app, token);
        app.Run(remote.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        remote.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return remote;
    }

    /// <summary>Runs <paramref name="action"/> once, when the next push asks for the remote's refs (after any earlier check).</summary>
    public void BeforeNextPush(Action action) => _beforeNextPush = action;

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var authorized = string.Equals(request.Headers.Authorization.ToString(), _expectedAuthorization, StringComparison.Ordinal);
        if (!authorized)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"test remote\"";
        }
        else
        {
            if (request.Query["service"] == "git-receive-pack" && Interlocked.Exchange(ref _beforeNextPush, null) is { } before)
            {
                before();
            }
            await RunBackendAsync(context);
        }
        _requests.Enqueue(new GitHttpRequest(request.Method, request.Path.ToString(), request.QueryString.ToString(),
            context.Response.StatusCode, authorized, TokenIn(Uri.UnescapeDataString(rawTarget))));
    }

    private bool TokenIn(string target) =>
        target.Contains(Token, StringComparison.Ordinal) || target.Contains(_expectedAuthorization[6..], StringComparison.Ordinal);

    /// <summary>CGI: the request as environment and standard input; the answer's headers up to a blank line, then its body.</summary>
    private async Task RunBackendAsync(HttpContext context)
    {
        var request = context.Request;
        var info = new ProcessStartInfo(Backend)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["GIT_PROJECT_ROOT"] = Root;
        info.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["PATH_INFO"] = request.Path.ToString();
        info.Environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        info.Environment["REQUEST_METHOD"] = request.Method;
        info.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        info.Environment["REMOTE_USER"] = "x-access-token";
        info.Environment["REMOTE_ADDR"] = "127.0.0.1";
        // As a CGI server does, every request header is HTTP_*; Git-Protocol selects protocol v2, as GitHub serves it.
        foreach (var (name, value) in request.Headers)
        {
            info.Environment["HTTP_" + name.ToUpperInvariant().Replace('-', '_')] = value.ToString();
        }
        if (request.Headers.TryGetValue("Git-Protocol", out var protocol))
        {
            info.Environment["GIT_PROTOCOL"] = protocol.ToString();
        }
        foreach (var name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_COUNT" })
        {
            info.Environment.Remove(name);
        }

        using var process = Process.Start(info)!;
        var input = CopyInputAsync(request.Body, process.StandardInput.BaseStream);
        var output = new MemoryStream();
        var read = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        await Task.WhenAll(input, read, error);
        await process.WaitForExitAsync();
        await WriteCgiResponseAsync(context.Response, output.ToArray());
    }

    private static async Task CopyInputAsync(Stream body, Stream input)
    {
        try
        {
            await body.CopyToAsync(input);
        }
        catch (IOException)
        {
            // The backend stopped reading (it answered early); its answer says why.
        }
        finally
        {
            input.Close();
        }
    }

    private static async Task WriteCgiResponseAsync(HttpResponse response, byte[] output)
    {
        var end = IndexOfBlankLine(output, out var separator);
        var headers = Encoding.ASCII.GetString(output, 0, Math.Max(end, 0)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        response.StatusCode = StatusCodes.Status200OK;
        foreach (var line in headers.Select(h => h.TrimEnd('\r')))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                response.Headers[name] = value;
            }
        }
        var bodyStart = end < 0 ? 0 : end + separator;
        await response.Body.WriteAsync(output.AsMemory(bodyStart));
    }

    private static int IndexOfBlankLine(byte[] bytes, out int separator)
    {
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == '\n' && bytes[i + 1] == '\n')
            {
                separator = 2;
                return i;
            }
            if (i + 3 < bytes.Length && bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                separator = 4;
                return i;
            }
        }
        separator = 0;
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind harms nothing.
        }
        catch (UnauthorizedAccessException)
        {
            // Pack files are read-only; a temp folder left behind harms nothing.
        }
    }
}
