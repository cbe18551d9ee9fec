// Posts signed pull_request deliveries to a running ReviewBot one after another and reports how long each took to be
// acknowledged. Sequential on one keep-alive connection, so the numbers are per-request latency, not throughput.
//
//   dotnet run -c Release -- --url http://127.0.0.1:5000/api/github/webhooks --secret bench-secret [--count 1000] [--payload PATH]
//
// With the verb `diff-property` it runs the diff parser's property check instead (DiffPropertyCommand.cs, diff-property.sh);
// `floor` and `fixed-rate` are the ingest benchmark's bare endpoint and fixed-schedule sender (ingest.sh).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ReviewBot.Benchmarks;

switch (args)
{
    case [DiffPropertyCommand.Verb, .. var verbArgs]:
        return DiffPropertyCommand.Run(verbArgs);
    case [FloorCommand.Verb, .. var verbArgs]:
        return FloorCommand.Run(verbArgs);
    case [FixedRateCommand.Verb, .. var verbArgs]:
        return await FixedRateCommand.RunAsync(verbArgs);
}

const int WarmUp = 50;
const string OutcomeHeader = "X-ReviewBot-Outcome";
const string DefaultPayload = "tests/ReviewBot.Tests/Resources/webhooks/pull_request/opened.2.payload.json";

string? url = null, secret = null, payloadPath = null;
var count = 1000;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--url": url = value; break;
        case "--secret": secret = value; break;
        case "--count": count = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--payload": payloadPath = value; break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }

    i++;
}

if (url is null || secret is null || count < 1)
{
    Console.Error.WriteLine("usage: --url URL --secret SECRET [--count N (>= 1)] [--payload PATH]");
    return 2;
}

payloadPath ??= FindDefaultPayload();
var body = await File.ReadAllBytesAsync(payloadPath);

// One client, one pooled keep-alive connection: the measurement is the service, not TCP handshakes.
using var client = new HttpClient(new SocketsHttpHandler
{
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    MaxConnectionsPerServer = 1,
    UseCookies = false,
    AllowAutoRedirect = false,
})
{
    Timeout = TimeSpan.FromSeconds(30),
};
var endpoint = new Uri(url);
var secretBytes = Encoding.UTF8.GetBytes(secret);

for (var i = 0; i < WarmUp; i++)
{
    var (status, _) = await PostAsync();
    if (status != HttpStatusCode.OK)
    {
        Console.Error.WriteLine($"warm-up post {i + 1} answered {(int)status}; is the service configured with this secret?");
        return 1;
    }
}

var timings = new double[count];
var failures = 0;
string? firstOutcome = null;
string? firstFailure = null;
for (var i = 0; i < count; i++)
{
    var started = Stopwatch.GetTimestamp();
    var (status, outcome) = await PostAsync();
    timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (status == HttpStatusCode.OK)
    {
        firstOutcome ??= outcome;
    }
    else
    {
        failures++;
        firstFailure ??= $"{(int)status} {outcome}";
    }
}

Array.Sort(timings);
Console.WriteLine(FormattableString.Invariant($"payload:  {payloadPath} ({body.Length} bytes)"));
Console.WriteLine(FormattableString.Invariant($"outcome:  {firstOutcome ?? "(no X-ReviewBot-Outcome header)"}"));
Console.WriteLine(FormattableString.Invariant($"count:    {count} (after {WarmUp} warm-up)"));
Console.WriteLine(FormattableString.Invariant($"median:   {Percentile(timings, 50):F3} ms"));
Console.WriteLine(FormattableString.Invariant($"p90:      {Percentile(timings, 90):F3} ms"));
Console.WriteLine(FormattableString.Invariant($"p99:      {Percentile(timings, 99):F3} ms"));
Console.WriteLine(FormattableString.Invariant($"max:      {timings[^1]:F3} ms"));
Console.WriteLine(FormattableString.Invariant($"non-200:  {failures}{(firstFailure is null ? "" : $" (first: {firstFailure})")}"));
return failures == 0 ? 0 : 1;

// Each delivery as GitHub sends it: a fresh delivery id (so de-duplication never short-cuts it) and the HMAC of the
// exact body bytes. Signing is inside the timed span, as it is work the sender does per delivery anyway (~µs).
async Task<(HttpStatusCode Status, string? Outcome)> PostAsync()
{
    using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
    request.Content = new ByteArrayContent(body);
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    request.Headers.Add("X-GitHub-Event", "pull_request");
    request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
    request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secretBytes, body)));
    using var response = await client.SendAsync(request);
    // Read the body so the connection is free for the next request.
    var text = await response.Content.ReadAsStringAsync();
    var outcome = response.Headers.TryGetValues(OutcomeHeader, out var values) ? string.Join(",", values) : null;
    return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? outcome : text);
}

// Nearest-rank percentile of sorted values: the smallest value with at least p% of the samples at or below it.
static double Percentile(double[] sorted, double p) =>
    sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

// The default payload lives in the test resources; look for it from the current directory upwards, then from the binary.
static string FindDefaultPayload()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultPayload);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
    }

    throw new FileNotFoundException($"{DefaultPayload} not found above {Directory.GetCurrentDirectory()}; pass --payload PATH");
}
