namespace ReviewBot.Model;

/// <summary>
/// The messages of one call, stable parts first: the instructions, then the repository's guidance, then the request.
/// Providers cache a prompt's longest stable prefix, so this order makes repeated reviews of a repository cheaper.
/// </summary>
public sealed record ModelPrompt(string Instructions, string? Guidance, string Request);
