using Octokit;

namespace ReviewBot.GitHub;

/// <summary>Authenticates as the App itself with a fresh JWT on every request (they live minutes).</summary>
internal sealed class AppCredentialStore(AppJwtFactory jwt) : ICredentialStore
{
    public Task<Credentials> GetCredentials() =>
        Task.FromResult(new Credentials(jwt.CreateToken(), AuthenticationType.Bearer));
}

/// <summary>Authenticates as an installation; the token comes from the cache and is re-minted when it nears expiry.</summary>
internal sealed class InstallationCredentialStore(InstallationTokenProvider tokens, long installationId) : ICredentialStore
{
    public async Task<Credentials> GetCredentials() =>
        new((await tokens.GetTokenAsync(installationId)).Token);
}
