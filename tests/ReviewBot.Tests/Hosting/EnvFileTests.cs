using ReviewBot.Hosting;

namespace ReviewBot.Tests.Hosting;

public sealed class EnvFileTests
{
    [Test]
    public void Lines_BecomeSettings_WithDoubleUnderscoresForColons_AndValuesAsWritten()
    {
        var settings = EnvFile.Parse(["# a comment", "", "  GitHub__AppId=42  ", "GitHub__PrivateKey=-----BEGIN KEY-----\\nAB=C\\n-----END KEY-----", "Model__Name=\"quoted\"", "X=", "GitHub__AppId=43"]);

        Assert.That(settings["GitHub:AppId"], Is.EqualTo("43"), "a later line wins");
        Assert.That(settings["GitHub:PrivateKey"], Is.EqualTo("-----BEGIN KEY-----\\nAB=C\\n-----END KEY-----"));
        Assert.That(settings["Model:Name"], Is.EqualTo("\"quoted\""), "quotes stay, as Compose's env_file keeps them");
        Assert.That(settings["X"], Is.EqualTo(""));
    }

    [TestCase("no equals sign")]
    [TestCase("=value without a name")]
    [TestCase("export GitHub__AppId=1")]
    [TestCase("Ünïcode__Name=1")]
    public void ALineThatIsNotNameEqualsValue_IsRefusedWithItsNumber(string line)
    {
        var error = Assert.Throws<FormatException>(() => EnvFile.Parse(["# first", line]));

        Assert.That(error!.Message, Does.Contain("line 2"));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AWrittenFile_IsTheOwnersOnly_ReadsBack_AndIsNotReplacedUnlessAsked()
    {
        var folder = Directory.CreateTempSubdirectory("reviewbot-env-").FullName;
        try
        {
            var path = Path.Combine(folder, ".env");
            File.WriteAllText(path, "old\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            KeyValuePair<string, string>[] settings = [new("GitHub:AppId", "7"), new("GitHub:WebhookSecret", "s=ecret")];

            Assert.Throws<IOException>(() => EnvFile.Write(path, "header", settings, replace: false));
            Assert.That(File.ReadAllText(path), Is.EqualTo("old\n"));

            EnvFile.Write(path, "two\nlines", settings, replace: true);

            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.ReadAllLines(path)[..2], Is.EqualTo(new[] { "# two", "# lines" }));
            Assert.That(EnvFile.Parse(File.ReadAllLines(path)), Is.EquivalentTo(new Dictionary<string, string?> { ["GitHub:AppId"] = "7", ["GitHub:WebhookSecret"] = "s=ecret" }));
            Assert.Throws<ArgumentException>(() => EnvFile.Write(path, "h", [new("GitHub:PrivateKey", "two\nlines")], replace: true));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
