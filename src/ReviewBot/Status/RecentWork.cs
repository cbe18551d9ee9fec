namespace ReviewBot.Status;

/// <summary>
/// The last reviews and fixes this instance finished, newest first, for the status page. In memory: a restart empties it,
/// and with several instances each lists its own (GitHub's check runs stay the record of what was done).
/// </summary>
public sealed class RecentWork(IOptions<StatusOptions> options)
{
    private readonly LinkedList<WorkRecord> _records = new();
    private readonly Lock _lock = new();

    public void Record(WorkRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            _records.AddFirst(record);
            while (_records.Count > options.Value.RecentEntries)
            {
                _records.RemoveLast();
            }
        }
    }

    public IReadOnlyList<WorkRecord> Newest()
    {
        lock (_lock)
        {
            return [.. _records];
        }
    }
}
