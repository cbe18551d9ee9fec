namespace ReviewBot.GitHub;

/// <summary>Pins the REST API version, which Octokit does not send, so a GitHub default change cannot alter shapes under us.</summary>
public sealed class ApiVersionHandler : DelegatingHandler
{
    public const string Version = "2022-11-28";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", Version);
        return base.SendAsync(request, cancellationToken);
    }
}
