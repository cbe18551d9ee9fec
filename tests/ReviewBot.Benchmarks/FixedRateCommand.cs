using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace ReviewBot.Benchmarks;

/// <summary>
/// <c>fixed-rate --url URL --secret SECRET --payload PATH [--rate 1000] [--seconds 10] [--connections 32]</c>: signed
/// deliveries sent on a fixed schedule (open loop, as wrk2 would; Debian has only wrk, whose latency is closed-loop), for
/// ingest.sh's p99 at 1,000 deliveries/s. Delivery i is due at start + i/rate whatever became of the ones before it, and
/// its latency runs from when it was due, so a stall counts for every delivery that waited behind it (no coordinated
/// omission), and so does this sender's own lateness (the timer wakes about every millisecond), which makes the figure
/// an upper bound. Latency from the actual send is printed too, to show that share.
/// </summary>
internal static class FixedRateCommand
{
    public const string Verb = "fixed-rate";

    private const int WarmUpSeconds = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        string? url = null, secret = null, payload = null;
        double rate = 1000, seconds = 10;
        var connections = 32;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--url": url = value; break;
                case "--secret": secret = value; break;
                case "--payload": payload = value; break;
                case "--rate": rate = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--connections": connections = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }

        if (url is null || secret is null || payload is null || rate <= 0 || seconds <= 0 || connections < 1 || args.Length % 2 != 0)
        {
            Console.Error.WriteLine($"usage: {Verb} --url URL --secret SECRET --payload PATH [--rate 1000] [--seconds 10] [--connections 32]");
            return 2;
        }

        var sender = new Sender(new Uri(url), secret, await File.ReadAllBytesAsync(payload), connections);
        await sender.RunAsync(rate, WarmUpSeconds);
        var result = await sender.RunAsync(rate, seconds);
        Console.WriteLine(result);
        return result.Failures == 0 ? 0 : 1;
    }

    private sealed class Sender(Uri url, string secret, byte[] body, int connections)
    {
        private readonly string _signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

        private readonly HttpClient _client = new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

        public async Task<FixedRateResult> RunAsync(double rate, double seconds)
        {
            var count = (int)(rate * seconds);
            var fromDue = new double[count];
            var fromSend = new double[count];
            var failures = 0;
            var sends = new Task[count];
            var ticksApart = Stopwatch.Frequency / rate;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * ticksApart);
                while (Stopwatch.GetTimestamp() < due)
                {
                    // About 1 ms on Linux: fine-grained enough at 1,000/s without spinning a core the server needs.
                    Thread.Sleep(1);
                }

                var n = i;
                sends[i] = Task.Run(async () =>
                {
                    var sent = Stopwatch.GetTimestamp();
                    var ok = await SendAsync();
                    var end = Stopwatch.GetTimestamp();
                    fromDue[n] = Stopwatch.GetElapsedTime(due, end).TotalMilliseconds;
                    fromSend[n] = Stopwatch.GetElapsedTime(sent, end).TotalMilliseconds;
                    if (!ok)
                    {
                        Interlocked.Increment(ref failures);
                    }
                });
            }

            await Task.WhenAll(sends);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Array.Sort(fromDue);
            Array.Sort(fromSend);
            return new FixedRateResult(count, count / elapsed, failures, fromDue, fromSend);
        }

        private async Task<bool> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-GitHub-Event", "pull_request");
            request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
            request.Headers.Add("X-Hub-Signature-256", _signature);
            try
            {
                using var response = await _client.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
    }

    private sealed record FixedRateResult(int Count, double Rate, int Failures, double[] FromDue, double[] FromSend)
    {
        public override string ToString() => FormattableString.Invariant(
            $"result requests={Count} rate={Rate:F0} failures={Failures} p50_ms={P(FromDue, 50):F2} p99_ms={P(FromDue, 99):F2} p999_ms={P(FromDue, 99.9):F2} max_ms={FromDue[^1]:F2} send_p99_ms={P(FromSend, 99):F2}");

        // Nearest rank: the smallest value with at least p% of the samples at or below it.
        private static double P(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
