using System.Security.Cryptography;
using System.Text;
using ReviewBot.Reviews;

namespace ReviewBot.Feedback;

/// <summary>
/// A suppression rule, as it is kept and shown: short and readable. A maintainer may edit <see cref="Path"/> in the
/// store's file to widen it to a glob (<c>src/Billing/**</c>).
/// </summary>
/// <param name="Id">Six hex digits of a hash of the repository and the finding's fingerprint: the same finding rejected twice is one rule.</param>
/// <param name="Path">A path glob: the finding's file, unless a maintainer made it wider.</param>
/// <param name="Claim">What the finding claimed: its title as posted.</param>
/// <param name="Why">Who taught it and how: "👎 by @alice on #12", "@bob replied: not a bug", "thread resolved without a change".</param>
public sealed record FeedbackRule(string Id, string Repository, string Path, string Claim, string Why, DateTimeOffset CreatedAt, string Fingerprint)
{
    public static string IdFor(string repository, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{repository.ToLowerInvariant()}\n{fingerprint}"));
        return Convert.ToHexStringLower(hash)[..6];
    }

    public Suppression ToSuppression() => new(Id, Path, Claim, Why, Fingerprint);
}
