using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ReviewBot.Benchmarks;

/// <summary>
/// <c>floor --urls URL [--path PATH]</c>: the ingest benchmark's floor (ingest.sh). Bare Kestrel that reads each POST's body
/// to the end and answers 200, with no logging, routing beyond the one path, signature or JSON: what any receiver of a
/// 26 KB webhook pays on this machine, so the service's rate can be stated as a fraction of it.
/// </summary>
internal static class FloorCommand
{
    public const string Verb = "floor";

    public static int Run(string[] args)
    {
        var path = "/api/github/webhooks";
        var urls = new List<string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--urls": urls.Add(args[i + 1]); break;
                case "--path": path = args[i + 1]; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }

        if (urls.Count == 0 || args.Length % 2 != 0)
        {
            Console.Error.WriteLine($"usage: {Verb} --urls URL [--path PATH]");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls([.. urls]);
        var app = builder.Build();
        app.MapGet("/healthz", () => "Healthy");
        app.MapPost(path, ReadBodyAsync);
        app.Run();
        return 0;
    }

    private static async Task ReadBodyAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return;
            }
        }
    }
}
