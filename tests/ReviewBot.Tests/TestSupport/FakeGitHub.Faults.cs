using System.Text;
using Microsoft.AspNetCore.Http;

namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// Faults the way GitHub has them, injected into the bot's calls (<see cref="FaultSchedule"/>). The answers are GitHub's
/// own: a 502 from its proxy (an HTML page, no JSON), a 429 with <c>Retry-After</c> and a 403 secondary rate limit with
/// GitHub's JSON body and no hint, a permission 403, a stall, and a 502 returned after the write took effect. None of
/// them is checked against the OpenAPI description's answers, which cover only the 2xx answers the fake builds: the 502s
/// come from a proxy in front of the API and are in no operation's description, and the 4xx bodies are GitHub's basic
/// error shape. The bot's requests themselves are still checked, faulted or not.
/// </summary>
public sealed partial class FakeGitHub
{
    private const string FaultItem = "ReviewBot.Tests.Fault";

    public const string SecondaryRateLimitBody = """{"documentation_url":"https://docs.github.com/en/free-pro-team@latest/rest/overview/resources-in-the-rest-api#secondary-rate-limits","message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}""";

    public const string PermissionRefusalBody = """{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/checks/runs#create-a-check-run","status":"403"}""";

    private const string ProxyErrorPage = "<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n";

    /// <summary>What goes wrong with the bot's calls; null: nothing.</summary>
    public FaultSchedule? Faults { get; set; }

    private async Task InjectFaultsAsync(HttpContext context, RequestDelegate next)
    {
        var fromBot = context.Request.Headers.UserAgent.ToString().StartsWith("ReviewBot/", StringComparison.Ordinal);
        if (!fromBot || Faults?.Next(context.Request.Method, context.Request.Path.Value ?? "") is not { } fault)
        {
            await next(context);
            return;
        }
        context.Items[FaultItem] = fault;
        var isRead = HttpMethods.IsGet(context.Request.Method);
        switch (fault)
        {
            case FaultKind.BadGateway:
                await AnswerAsync(context, 502, "text/html", ProxyErrorPage);
                break;
            case FaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = Faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await AnswerAsync(context, 429, "application/json; charset=utf-8", SecondaryRateLimitBody);
                break;
            case FaultKind.SecondaryRateLimit:
                await AnswerAsync(context, 403, "application/json; charset=utf-8", SecondaryRateLimitBody);
                break;
            case FaultKind.PermissionRefusal:
                await AnswerAsync(context, 403, "application/json; charset=utf-8", PermissionRefusalBody);
                break;
            case FaultKind.Stall when isRead:
                await StallAsync(context, Faults.Stall);
                await next(context);
                break;
            case FaultKind.Stall:
                // A write GitHub takes and then answers too late: the bot gives up waiting, and the write is there.
                await next(context);
                await StallAsync(context, Faults.Stall);
                break;
            case FaultKind.BadGatewayAfterWrite:
                await LoseTheAnswerAsync(context, next);
                break;
        }
    }

    /// <summary>The fake does the work (state changes), then its answer is dropped for the proxy's 502.</summary>
    private static async Task LoseTheAnswerAsync(HttpContext context, RequestDelegate next)
    {
        var answer = context.Response.Body;
        using var lost = new MemoryStream();
        context.Response.Body = lost;
        await next(context);
        context.Response.Body = answer;
        context.Response.Headers.Clear();
        await AnswerAsync(context, 502, "text/html", ProxyErrorPage);
    }

    /// <summary>Waits, or until the bot hangs up; the request then goes on as GitHub's would.</summary>
    private static async Task StallAsync(HttpContext context, TimeSpan stall)
    {
        try
        {
            await Task.Delay(stall, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task AnswerAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, Encoding.UTF8);
    }
}

public enum FaultKind
{
    /// <summary>502 from GitHub's proxy; the call did not reach the API.</summary>
    BadGateway,

    /// <summary>429 with Retry-After (<see cref="FaultSchedule.RetryAfterSeconds"/>).</summary>
    TooManyRequests,

    /// <summary>403 with GitHub's secondary rate limit body and no hint of how long to wait.</summary>
    SecondaryRateLimit,

    /// <summary>An answer that takes <see cref="FaultSchedule.Stall"/> (a write is taken first).</summary>
    Stall,

    /// <summary>The write takes effect, then the proxy answers 502: the bot cannot know it landed.</summary>
    BadGatewayAfterWrite,

    /// <summary>A 403 that is not a rate limit (never in a random schedule).</summary>
    PermissionRefusal,
}

/// <summary>
/// Which of the bot's calls fail, and how: planned faults first (the next call matching a method and a path, once each),
/// then a seeded share of all calls, so one seed gives one sequence of draws. A call is never faulted more than
/// <see cref="MaxInARow"/> times in a row (same method and path), as transient faults are: the bot's retries then always
/// get through, and what a test checks is that it retries and never doubles, not how lucky it was.
/// </summary>
public sealed class FaultSchedule(int seed = 8, double share = 0)
{
    public static readonly IReadOnlyList<FaultKind> Transient =
        [FaultKind.BadGateway, FaultKind.TooManyRequests, FaultKind.SecondaryRateLimit, FaultKind.Stall, FaultKind.BadGatewayAfterWrite];

    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();
    private readonly List<(string Method, string PathContains, FaultKind Kind)> _planned = [];
    private readonly List<(string Method, string PathContains, FaultKind Kind)> _always = [];
    private readonly Dictionary<string, int> _inARow = new(StringComparer.Ordinal);
    private readonly Dictionary<FaultKind, int> _injected = [];

    public double Share { get; } = share;

    public IReadOnlyList<FaultKind> Kinds { get; init; } = Transient;

    /// <summary>Only calls with this method are faulted at random (null: all).</summary>
    public string? OnlyMethod { get; init; }

    public TimeSpan Stall { get; init; } = TimeSpan.FromSeconds(10);

    public int RetryAfterSeconds { get; init; } = 1;

    public int MaxInARow { get; init; } = 2;

    public int Calls { get; private set; }

    public IReadOnlyDictionary<FaultKind, int> Injected
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<FaultKind, int>(_injected);
            }
        }
    }

    public int InjectedCount => Injected.Values.Sum();

    /// <summary>The next call with this method whose path contains <paramref name="pathContains"/> gets <paramref name="kind"/>.</summary>
    public FaultSchedule Plan(string method, string pathContains, FaultKind kind)
    {
        lock (_lock)
        {
            _planned.Add((method, pathContains, kind));
        }
        return this;
    }

    /// <summary>Every call with this method whose path contains <paramref name="pathContains"/> gets <paramref name="kind"/> (a token that may never make it).</summary>
    public FaultSchedule Always(string method, string pathContains, FaultKind kind)
    {
        lock (_lock)
        {
            _always.Add((method, pathContains, kind));
        }
        return this;
    }

    internal FaultKind? Next(string method, string path)
    {
        lock (_lock)
        {
            Calls++;
            if (_always.FindIndex(p => p.Method == method && path.Contains(p.PathContains, StringComparison.Ordinal)) is var always and >= 0)
            {
                return Count(_always[always].Kind);
            }
            var planned = _planned.FindIndex(p => p.Method == method && path.Contains(p.PathContains, StringComparison.Ordinal));
            if (planned >= 0)
            {
                var kind = _planned[planned].Kind;
                _planned.RemoveAt(planned);
                return Count(kind);
            }
            // Both draws every time, so the sequence depends only on the seed and the number of calls.
            var roll = _random.NextDouble();
            var pick = Kinds[_random.Next(Kinds.Count)];
            var key = $"{method} {path}";
            var row = _inARow.GetValueOrDefault(key);
            if (roll >= Share || row >= MaxInARow || (OnlyMethod is not null && OnlyMethod != method))
            {
                _inARow.Remove(key);
                return null;
            }
            _inARow[key] = row + 1;
            return Count(pick);
        }
    }

    private FaultKind Count(FaultKind kind)
    {
        _injected[kind] = _injected.GetValueOrDefault(kind) + 1;
        return kind;
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return $"{_injected.Values.Sum()} of {Calls} calls faulted: " + string.Join(", ", _injected.OrderBy(i => i.Key).Select(i => $"{i.Value} {i.Key}"));
        }
    }
}
