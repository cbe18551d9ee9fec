using ReviewBot.Hosting;

namespace ReviewBot.Tests.Hosting;

public sealed class EnvFileTests
{
    [Test]
    public void Lines_BecomeSettings_ReadAsComposeReadsThem()
    {
        var settings = EnvFile.Parse([
            "# a comment", "", "  GitHub__AppId=42  ", "GitHub__PrivateKey=-----BEGIN KEY-----\\nAB=C\\n-----END KEY-----",
            "Model__Name=\"quoted # not a comment\"", "Model__ApiKey='sk-$literal\\n' # a comment", "export Status__Token = abc # ops",
            "Model__VerifierName=\"two\\nlines \\\"q\\\"\"", "X=", "GitHub__AppId=43"]);

        Assert.That(settings["GitHub:AppId"], Is.EqualTo("43"), "a later line wins");
        Assert.That(settings["GitHub:PrivateKey"], Is.EqualTo("-----BEGIN KEY-----\\nAB=C\\n-----END KEY-----"), "an unquoted value stays as written");
        Assert.That(settings["Model:Name"], Is.EqualTo("quoted # not a comment"));
        Assert.That(settings["Model:ApiKey"], Is.EqualTo("sk-$literal\\n"), "single quotes are literal");
        Assert.That(settings["Status:Token"], Is.EqualTo("abc"), "export, blanks around =, and a comment after a blank");
        Assert.That(settings["Model:VerifierName"], Is.EqualTo("two\nlines \"q\""), "double quotes read their escapes");
        Assert.That(settings["X"], Is.EqualTo(""));
    }

    [TestCase("no equals sign")]
    [TestCase("=value without a name")]
    [TestCase("GitHub__AppId=\"unterminated")]
    [TestCase("GitHub__AppId='unterminated")]
    [TestCase("1Name=1")]
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
            var elsewhere = Path.Combine(folder, "elsewhere");
            File.WriteAllText(elsewhere, "old\n");
            File.SetUnixFileMode(elsewhere, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.CreateSymbolicLink(path, elsewhere);
            KeyValuePair<string, string>[] settings = [new("GitHub:AppId", "7"), new("GitHub:WebhookSecret", "s=ecret")];

            Assert.Throws<IOException>(() => EnvFile.Write(path, "header", settings, replace: false));
            Assert.That(File.ReadAllText(path), Is.EqualTo("old\n"));

            EnvFile.Write(path, "two\nlines", settings, replace: true);

            Assert.That(File.ReadAllText(elsewhere), Is.EqualTo("old\n"), "the link is replaced, not written through");
            Assert.That(new FileInfo(path).LinkTarget, Is.Null);
            File.Delete(elsewhere);

            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.ReadAllLines(path)[..2], Is.EqualTo(new[] { "# two", "# lines" }));
            Assert.That(EnvFile.Parse(File.ReadAllLines(path)), Is.EquivalentTo(new Dictionary<string, string?> { ["GitHub:AppId"] = "7", ["GitHub:WebhookSecret"] = "s=ecret" }));
            Assert.Throws<ArgumentException>(() => EnvFile.Write(path, "h", [new("GitHub:PrivateKey", "two\nlines")], replace: true));
            Assert.Throws<ArgumentException>(() => EnvFile.Write(path, "h", [new("Model:ApiKey", "a # b")], replace: true));
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { path }), "no temporary file is left beside it");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
