using System.Diagnostics.CodeAnalysis;
using StackExchange.Redis;

namespace ReviewBot.Caching;

/// <summary>
/// The one Redis connection of the process, opened in the background at startup. A request never connects: it takes the
/// connection when it is up (<see cref="TryGet"/>) and is refused otherwise, because a synchronous connect inside the first
/// requests stalled a cold instance under load for longer than GitHub waits. An outage is logged once when it starts and
/// once when it ends, not once per request.
/// </summary>
public sealed partial class RedisConnection : IHostedService, IAsyncDisposable
{
    /// <summary>How long a call waits for Redis unless the connection string sets <c>asyncTimeout</c>.</summary>
    public const int DefaultAsyncTimeoutMilliseconds = 1000;

    private readonly ConfigurationOptions _options;
    private readonly ILogger<RedisConnection> _logger;
    private readonly TaskCompletionSource<ConnectionMultiplexer> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _down;

    public RedisConnection(string connectionString, ILogger<RedisConnection> logger)
    {
        _options = ConfigurationOptions.Parse(connectionString);
        _options.AbortOnConnectFail = false;
        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            // A webhook waits on its claim. When Redis hangs rather than goes away (a stopped process, a network cut), the
            // client's 5 s default held every delivery for 5.6 s before its 503 (measured); a claim takes well under a ms.
            _options.AsyncTimeout = DefaultAsyncTimeoutMilliseconds;
        }

        _logger = logger;
    }

    /// <summary>Connected now, as far as the client knows.</summary>
    public bool IsConnected => _connected.Task.IsCompletedSuccessfully && _connected.Task.Result.IsConnected;

    /// <summary>The connection when it is up; false while it is being opened or Redis is unreachable.</summary>
    public bool TryGet([NotNullWhen(true)] out IConnectionMultiplexer? connection)
    {
        connection = _connected.Task.IsCompletedSuccessfully && _connected.Task.Result.IsConnected ? _connected.Task.Result : null;
        return connection is not null;
    }

    /// <summary>The database when the connection is up; otherwise an outage the caller reports (a 503, a retry later).</summary>
    public IDatabase Database() =>
        TryGet(out var connection) ? connection.GetDatabase() : throw new RedisException("Redis (ConnectionStrings:Redis) is not connected");

    /// <summary>Waits for the first connection (for background work, never for a request).</summary>
    public Task<ConnectionMultiplexer> GetAsync(CancellationToken cancellationToken = default) => _connected.Task.WaitAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(ConnectAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Says that a call failed on the connection; logs only the first failure of an outage.</summary>
    public void ReportFailure(string what, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is RedisServerException)
        {
            // Redis answered (NOGROUP after it lost its data, say): not an outage, and no restore event would end one.
            Log.ServerError(_logger, what, exception.Message);
            return;
        }
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            Log.Down(_logger, what, exception.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connected.Task.IsCompletedSuccessfully)
        {
            await _connected.Task.Result.DisposeAsync();
        }
    }

    private async Task ConnectAsync()
    {
        try
        {
            // With AbortOnConnectFail off this returns after the first attempt even when Redis is down, and keeps retrying.
            var connection = await ConnectionMultiplexer.ConnectAsync(_options);
            connection.ConnectionFailed += (_, e) => ReportFailure("the connection", e.Exception ?? new RedisException(e.FailureType.ToString()));
            connection.ConnectionRestored += (_, _) => Restored();
            if (!connection.IsConnected)
            {
                ReportFailure("connecting at startup", new RedisException("not reachable yet; retrying in the background"));
            }
            _connected.TrySetResult(connection);
        }
#pragma warning disable CA1031 // A bad connection string is said once; the service keeps answering (503 for webhooks, unready).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CannotConnect(_logger, ex.Message);
            _connected.TrySetException(ex);
        }
    }

    private void Restored()
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            Log.Up(_logger);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "Redis is unreachable ({What}: {Reason}); webhooks are answered 503 and jobs wait until it is back")]
        public static partial void Down(ILogger logger, string what, string reason);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Redis is reachable again")]
        public static partial void Up(ILogger logger);

        [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Redis refused {What}: {Reason}")]
        public static partial void ServerError(ILogger logger, string what, string reason);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Critical, Message = "Redis (ConnectionStrings:Redis) cannot be used: {Reason}")]
        public static partial void CannotConnect(ILogger logger, string reason);
    }
}
