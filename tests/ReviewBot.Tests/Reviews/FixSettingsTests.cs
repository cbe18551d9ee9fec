using ReviewBot.Reviews;

namespace ReviewBot.Tests.Reviews;

/// <summary>The fix section of .github/reviewbot.yml: read with bounds; a wrong value is a problem, never a stopped review.</summary>
public sealed class FixSettingsTests
{
    [Test]
    public void Without_a_fix_section_there_is_no_verify_command_and_the_limits_are_the_defaults()
    {
        var fix = RepositorySettings.Parse("max_comments: 3\n").Fix;

        Assert.That(fix, Is.EqualTo(FixSettings.Default));
        Assert.That(fix.Verify, Is.Null);
        Assert.That((fix.TimeoutSeconds, fix.AllowWorkflows, fix.MaxChangedLines, fix.MaxFiles), Is.EqualTo((600, false, 400, 10)));
    }

    [Test]
    public void Every_fix_setting_is_read()
    {
        var settings = RepositorySettings.Parse(
            "fix: { verify: \"dotnet test\", timeout: 120, allow_workflows: true, max_changed_lines: 50, max_files: 2 }\n");

        Assert.That(settings.Fix, Is.EqualTo(new FixSettings
        {
            Verify = "dotnet test", TimeoutSeconds = 120, AllowWorkflows = true, MaxChangedLines = 50, MaxFiles = 2,
        }));
        Assert.That(settings.Problems, Is.Empty);
    }

    [TestCase("timeout: 0", "fix.timeout must be between 1 and 3600 (was 0)")]
    [TestCase("timeout: 3601", "fix.timeout must be between 1 and 3600")]
    [TestCase("max_changed_lines: -1", "fix.max_changed_lines must be between 1 and")]
    [TestCase("max_files: 0", "fix.max_files must be between 1 and")]
    public void An_out_of_bounds_value_is_a_problem_and_its_default_applies(string line, string problem)
    {
        var settings = RepositorySettings.Parse($"fix:\n  verify: make check\n  {line}\n");

        Assert.That(settings.Problems, Has.One.Contains(problem).And.Contains("The default applies"));
        Assert.That(settings.Fix with { Verify = null }, Is.EqualTo(FixSettings.Default));
        Assert.That(settings.Fix.Verify, Is.EqualTo("make check"));
    }

    [TestCase("verify: \"\"")]
    [TestCase("verify: \"   \"")]
    [TestCase("verify: \"make\\0 check\"")]
    public void A_blank_or_nul_verify_command_means_no_verify_step(string line) =>
        Assert.That(RepositorySettings.Parse($"fix:\n  {line}\n").Fix.Verify, Is.Null);

    [Test]
    public void A_fix_section_of_the_wrong_shape_leaves_the_defaults_with_a_problem()
    {
        var settings = RepositorySettings.Parse("fix: [1, 2]\n");

        Assert.That(settings.Fix, Is.EqualTo(FixSettings.Default));
        Assert.That(settings.Problems, Has.One.Contains("could not be read"));
    }
}
