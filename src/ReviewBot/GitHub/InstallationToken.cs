namespace ReviewBot.GitHub;

/// <summary>An installation access token and when GitHub says it expires.</summary>
public sealed record InstallationToken(string Token, DateTimeOffset ExpiresAt);
