using Microsoft.Extensions.Hosting;
using ReviewBot.Model;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Model;

/// <summary>The model client of the engine's host, against a scripted model started for each test.</summary>
public abstract class ModelClientTest
{
    /// <summary>A one-field answer schema for calls whose content does not matter.</summary>
    protected static readonly ModelSchema Schema = new("answer", "A test answer.", """
        {"type":"object","additionalProperties":false,"required":["value"],"properties":{"value":{"type":"string"}}}
        """);

    private IHost _host = null!;

    protected FakeModel Scripted { get; private set; } = null!;

    protected ModelClient Client => _host.Services.GetRequiredService<ModelClient>();

    [SetUp]
    public async Task StartModel()
    {
        Scripted = await FakeModel.StartAsync();
        _host = EngineHost.Create(Scripted.Settings());
    }

    [TearDown]
    public async Task StopModel()
    {
        _host.Dispose();
        await Scripted.DisposeAsync();
    }

    protected sealed record Answer(string Value);
}
