using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;
using Octokit;

namespace ReviewBot.GitHub;

/// <summary>
/// Mints installation tokens once and keeps them in the shared cache (memory or Redis) until shortly before they expire,
/// so every instance and every job reuses one token per installation instead of spending a call per job.
/// </summary>
public sealed partial class InstallationTokenProvider(
    OctokitClients clients,
    IDistributedCache cache,
    IOptions<GitHubOptions> options,
    TimeProvider time,
    ILogger<InstallationTokenProvider> logger)
{
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _gates = new();

    public static string CacheKey(long installationId) => $"installation-token:{installationId}";

    public async Task<InstallationToken> GetTokenAsync(long installationId, CancellationToken cancellationToken = default)
    {
        if (await ReadAsync(installationId, cancellationToken) is { } cached)
        {
            return cached;
        }

        // One mint per installation at a time: concurrent jobs for one installation wait for the first one's token.
        var gate = _gates.GetOrAdd(installationId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (await ReadAsync(installationId, cancellationToken) is { } raced)
            {
                return raced;
            }

            AccessToken minted;
            // Minting twice only makes a second token: the mint is retried like a read.
            using (GitHubRequests.SafeToRepeatScope())
            {
                minted = await clients.CreateAppClient().GitHubApps.CreateInstallationToken(installationId);
            }
            var token = new InstallationToken(minted.Token, minted.ExpiresAt);
            var keepUntil = token.ExpiresAt - options.Value.TokenRefreshMargin;
            if (keepUntil > time.GetUtcNow())
            {
                await cache.SetAsync(
                    CacheKey(installationId),
                    JsonSerializer.SerializeToUtf8Bytes(token),
                    new DistributedCacheEntryOptions { AbsoluteExpiration = keepUntil },
                    cancellationToken);
            }

            Log.TokenMinted(logger, installationId, token.ExpiresAt);
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Drops the cached token, for an installation that was deleted or suspended.</summary>
    public async Task InvalidateAsync(long installationId, CancellationToken cancellationToken = default)
    {
        await cache.RemoveAsync(CacheKey(installationId), cancellationToken);
        Log.TokenDropped(logger, installationId);
    }

    private async Task<InstallationToken?> ReadAsync(long installationId, CancellationToken cancellationToken)
    {
        var bytes = await cache.GetAsync(CacheKey(installationId), cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        var token = JsonSerializer.Deserialize<InstallationToken>(bytes);

        // The cache's own clock may differ from ours; the token's expiry is the authority.
        return token is not null && token.ExpiresAt - options.Value.TokenRefreshMargin > time.GetUtcNow() ? token : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Minted an installation token for installation {InstallationId}, valid until {ExpiresAt:O}")]
        public static partial void TokenMinted(ILogger logger, long installationId, DateTimeOffset expiresAt);

        [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Dropped the cached token of installation {InstallationId}")]
        public static partial void TokenDropped(ILogger logger, long installationId);
    }
}
