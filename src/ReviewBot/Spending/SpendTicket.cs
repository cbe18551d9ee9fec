using ReviewBot.Model;

namespace ReviewBot.Spending;

/// <summary>
/// A started review's account of its spend: inside <see cref="Track"/> every model call's tokens are counted as they are
/// reported; disposing it drops the review's hold on the budgets and remembers its total.
/// </summary>
public sealed class SpendTicket : IAsyncDisposable
{
    private readonly SpendLimits _limits;
    private readonly SpendAccount _account;
    private readonly string? _member;
    private long _total;
    private int _disposed;

    /// <param name="member">The review's hold on the budgets; null for work that is counted but holds nothing.</param>
    internal SpendTicket(SpendLimits limits, SpendAccount account, string? member, long reservation)
    {
        _limits = limits;
        _account = account;
        _member = member;
        Reservation = reservation;
    }

    /// <summary>The tokens this review holds against other reviews while it runs.</summary>
    public long Reservation { get; }

    /// <summary>The tokens counted on this ticket so far.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Counts the model calls made in this async flow until disposed.</summary>
    public IDisposable Track() => TokenMeter.Attribute(SpentAsync);

    private ValueTask SpentAsync(TokenUsage usage)
    {
        Interlocked.Add(ref _total, usage.Total);
        return _limits.RecordAsync(_account, usage.Total);
    }

    public async ValueTask DisposeAsync()
    {
        if (_member is not null && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _limits.ReleaseAsync(_account, _member, Total);
        }
    }
}
