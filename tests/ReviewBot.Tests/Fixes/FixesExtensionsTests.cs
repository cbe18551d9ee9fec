using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ReviewBot.Fixes;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Fixes;

/// <summary>The sandbox settings are checked when the service starts, like the others.</summary>
public sealed class FixesExtensionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWorkspace();
        builder.AddFixes();
        return (ServiceProvider)builder.Build().Services;
    }

    [Test]
    public void By_default_the_sandbox_runs_bwrap_from_the_path_and_the_fix_services_resolve()
    {
        using var services = Services([]);

        var options = services.GetRequiredService<IOptions<SandboxOptions>>().Value;

        Assert.That((options.BwrapPath, options.OutputLimitBytes, options.ReadOnlyPaths.Count), Is.EqualTo(("bwrap", 65_536, 0)));
        Assert.That(services.GetService<VerifySandbox>(), Is.Not.Null);
        Assert.That(services.GetService<FixValidator>(), Is.Not.Null);
    }

    [Test]
    public void Extra_read_only_paths_are_bound()
    {
        using var services = Services(new() { ["Fixes:Sandbox:ReadOnlyPaths:0"] = "/opt/toolchain" });

        Assert.That(services.GetRequiredService<IOptions<SandboxOptions>>().Value.ReadOnlyPaths, Is.EqualTo(new[] { "/opt/toolchain" }));
    }

    [TestCase("Fixes:Sandbox:ReadOnlyPaths:0", "relative/path", "absolute paths")]
    [TestCase("Fixes:Sandbox:BwrapPath", "", "BwrapPath")]
    [TestCase("Fixes:Sandbox:OutputLimitBytes", "10", "OutputLimitBytes")]
    public void A_wrong_sandbox_setting_is_refused_naming_it(string key, string value, string message)
    {
        using var services = Services(new() { [key] = value });

        Assert.That(() => services.GetRequiredService<IOptions<SandboxOptions>>().Value,
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains(message));
    }
}
