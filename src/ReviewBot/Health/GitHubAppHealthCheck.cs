using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReviewBot.GitHub;

namespace ReviewBot.Health;

/// <summary>Ready only when the service can authenticate as the App: an App id and a usable private key.</summary>
public sealed class GitHubAppHealthCheck(AppJwtFactory jwt) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(jwt.IsConfigured
            ? HealthCheckResult.Healthy("GitHub App configured")
            : HealthCheckResult.Unhealthy("GitHub App not configured: set GitHub:AppId and GitHub:PrivateKey or GitHub:PrivateKeyPath"));
}
