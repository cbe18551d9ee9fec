using System.Reflection;
using Microsoft.Extensions.Logging;
using ReviewBot.Hosting;

namespace ReviewBot.Tests.Hosting;

// An event id is how an operator filters or alerts on one message; two messages under one id hide each other.
public class LogEventIdTests
{
    private static IEnumerable<(int Id, string Where)> EventIds() =>
        typeof(HostingExtensions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.EventId, $"{x.Method.DeclaringType!.FullName}.{x.Method.Name}"));

    [Test]
    public void Every_logger_message_in_ReviewBot_has_an_event_id()
    {
        var ids = EventIds().ToList();

        Assert.That(ids, Has.Count.GreaterThan(40), "the reflection found the [LoggerMessage] methods");
        Assert.That(ids.Where(i => i.Id <= 0).Select(i => i.Where), Is.Empty);
    }

    [Test]
    public void No_two_logger_messages_in_ReviewBot_share_an_event_id()
    {
        var shared = EventIds()
            .GroupBy(i => i.Id)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(i => i.Where))}");

        Assert.That(shared, Is.Empty);
    }
}
