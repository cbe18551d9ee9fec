namespace ReviewBot.Tests.TestSupport;

/// <summary>This repository's own checkout, found from the test binaries: for tests that read README.md or pack src/.</summary>
public static class SourceTree
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ReviewBot.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("No folder holding ReviewBot.sln above the test binaries.");
        }
    }
}
