using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ReviewBot.Reviews;

/// <summary>
/// Per-repository settings from <c>.github/reviewbot.yml</c> at the base commit. Invalid settings never stop a review:
/// the defaults apply and <see cref="Problems"/> says what was wrong, for the check run to show.
/// </summary>
public sealed record RepositorySettings
{
    public const string Path = ".github/reviewbot.yml";

    public static IReadOnlyList<string> DefaultIgnore { get; } =
    [
        "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "*.lock", "go.sum", "packages.lock.json", "npm-shrinkwrap.json",
        "*.min.js", "*.min.css", "*.map", "*.g.cs", "*.designer.cs", "*.Designer.cs", "*.pb.go", "*_pb2.py", "*.generated.*",
        "vendor/**", "node_modules/**", "third_party/**", "dist/**",
    ];

    public string? Instructions { get; init; }
    public Priority MaxPriority { get; init; } = Priority.P1;
    public double MinConfidence { get; init; } = 0.7;
    public int MaxComments { get; init; } = 8;
    public int MaxFiles { get; init; } = 3_000;
    public IReadOnlyList<string> Ignore { get; init; } = DefaultIgnore;
    public IReadOnlyList<string> SkipLabels { get; init; } = ["skip-review"];
    public bool ReviewBots { get; init; }
    public bool ReviewOnPush { get; init; } = true;
    public bool FailOnP0 { get; init; }
    public FixSettings Fix { get; init; } = FixSettings.Default;
    public IReadOnlyList<string> Problems { get; init; } = [];

    public static RepositorySettings Default { get; } = new();

    public bool IsIgnored(string path) => Ignore.Any(glob => Glob.IsMatch(glob, path));

    public static RepositorySettings Parse(string? yaml)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return Default;
        }
        SettingsFile? file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<SettingsFile>(yaml);
        }
        catch (YamlException ex)
        {
            return Default with { Problems = [$"{Path} could not be read ({ex.Message.Split('\n')[0]}); the defaults apply."] };
        }
        if (file is null)
        {
            return Default;
        }

        var problems = new List<string>();
        var settings = Default;
        if (file.Instructions is not null)
        {
            settings = settings with { Instructions = file.Instructions };
        }
        if (file.Threshold?.Priority is { } priority)
        {
            if (Enum.TryParse<Priority>(priority, ignoreCase: true, out var p) && Enum.IsDefined(p))
            {
                settings = settings with { MaxPriority = p };
            }
            else
            {
                problems.Add($"threshold.priority must be one of P0, P1, P2, P3 (was \"{priority}\").");
            }
        }
        if (file.Threshold?.Confidence is { } confidence)
        {
            if (confidence is >= 0 and <= 1)
            {
                settings = settings with { MinConfidence = confidence };
            }
            else
            {
                problems.Add($"threshold.confidence must be between 0 and 1 (was {confidence.ToString(CultureInfo.InvariantCulture)}).");
            }
        }
        settings = Bounded(settings, file.MaxComments, 0, 50, "max_comments", problems, (s, v) => s with { MaxComments = v });
        settings = Bounded(settings, file.MaxFiles, 1, 100_000, "max_files", problems, (s, v) => s with { MaxFiles = v });
        if (file.Ignore is not null)
        {
            settings = settings with { Ignore = [.. DefaultIgnore, .. file.Ignore.Where(g => !string.IsNullOrWhiteSpace(g))] };
        }
        if (file.SkipLabels is not null)
        {
            settings = settings with { SkipLabels = file.SkipLabels };
        }
        settings = settings with { Fix = FixSettings.From(file.Fix, problems) };
        settings = settings with
        {
            ReviewBots = file.ReviewBots ?? settings.ReviewBots,
            ReviewOnPush = file.ReviewOnPush ?? settings.ReviewOnPush,
            FailOnP0 = file.FailOnP0 ?? settings.FailOnP0,
            Problems = problems.Select(p => $"{Path}: {p} The default applies.").ToList(),
        };
        return settings;
    }

    internal static T Bounded<T>(T settings, int? value, int min, int max, string name, List<string> problems, Func<T, int, T> apply)
    {
        if (value is null)
        {
            return settings;
        }
        if (value < min || value > max)
        {
            problems.Add($"{name} must be between {min} and {max} (was {value}).");
            return settings;
        }
        return apply(settings, value.Value);
    }

    private sealed class SettingsFile
    {
        public string? Instructions { get; set; }
        public ThresholdSection? Threshold { get; set; }
        public int? MaxComments { get; set; }
        public int? MaxFiles { get; set; }
        public List<string>? Ignore { get; set; }
        public List<string>? SkipLabels { get; set; }
        public bool? ReviewBots { get; set; }
        public bool? ReviewOnPush { get; set; }
        public bool? FailOnP0 { get; set; }
        public FixSettings.Section? Fix { get; set; }
    }

    private sealed class ThresholdSection
    {
        public string? Priority { get; set; }
        public double? Confidence { get; set; }
    }
}
