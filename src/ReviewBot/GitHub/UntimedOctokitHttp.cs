using Octokit;
using Octokit.Internal;

namespace ReviewBot.GitHub;

/// <summary>
/// Octokit's HTTP client without Octokit's own 100-second limit per request, which would cut a rate-limit wait or Polly's
/// retries short with a bare <see cref="TaskCanceledException"/>. Polly's timeouts and the pacing handler's budget bound
/// every call instead.
/// </summary>
internal sealed class UntimedOctokitHttp(IHttpClient inner) : IHttpClient
{
    public Task<IResponse> Send(IRequest request, CancellationToken cancellationToken, Func<object, object>? preprocessResponseBody = null)
    {
        if (request is Request settable)
        {
            settable.Timeout = TimeSpan.Zero;
        }
        return inner.Send(request, cancellationToken, preprocessResponseBody);
    }

    public void SetRequestTimeout(TimeSpan timeout) => inner.SetRequestTimeout(timeout);

    public void Dispose() => inner.Dispose();
}
