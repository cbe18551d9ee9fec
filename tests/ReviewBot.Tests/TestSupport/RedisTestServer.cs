using System.Net.Sockets;

namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// The Redis the tests use: <c>REDIS_TEST_CONNECTION</c>, which <c>.ci/test.sh</c> sets after starting redis-server on a
/// loopback port. Under CI (<c>CI=true</c>) a missing Redis fails the test; it never passes by skipping.
/// </summary>
public static class RedisTestServer
{
    public static string Connection()
    {
        var connection = Environment.GetEnvironmentVariable("REDIS_TEST_CONNECTION");
        if (string.IsNullOrWhiteSpace(connection) || !Reachable(connection))
        {
            Unavailable($"Redis is not reachable (REDIS_TEST_CONNECTION='{connection}'); run the tests with `bash .ci/test.sh`, which starts one.");
        }

        return connection!;
    }

    private static int _database;

    /// <summary>
    /// The test Redis with a database of its own, emptied first: the job stream is shared by every instance that connects,
    /// so a test that runs workers must not meet the jobs another test left queued.
    /// </summary>
    public static string FreshDatabase()
    {
        var connection = Connection();
        var database = Interlocked.Increment(ref _database) % 15 + 1;
        using var admin = StackExchange.Redis.ConnectionMultiplexer.Connect($"{connection},allowAdmin=true");
        admin.GetServer(admin.GetEndPoints()[0]).FlushDatabase(database);
        return $"{connection},defaultDatabase={database}";
    }

    /// <summary>A database of <see cref="FreshDatabase"/> connection string, for the test's own look at it.</summary>
    public static StackExchange.Redis.ConnectionMultiplexer Open(string connection) => StackExchange.Redis.ConnectionMultiplexer.Connect(connection);

    /// <summary>Ends a test that needs Redis when there is none: a failure under CI (<c>CI=true</c>), ignored elsewhere.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Unavailable(string why)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(why);
        }

        Assert.Ignore(why);
    }

    private static bool Reachable(string connection)
    {
        var hostPort = connection.Split(',')[0].Split(':');
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(hostPort[0], int.Parse(hostPort[1], System.Globalization.CultureInfo.InvariantCulture)).Wait(1000);
        }
        catch (Exception ex) when (ex is SocketException or AggregateException or FormatException or IndexOutOfRangeException)
        {
            return false;
        }
    }
}
