using System.Security.Cryptography;

namespace ReviewBot.Tests.TestSupport;

/// <summary>A GitHub App private key made for the test run, in the PKCS#1 PEM form GitHub issues.</summary>
public static class TestKeys
{
    private static readonly Lazy<RSA> Key = new(() => RSA.Create(2048));

    public static RSA Rsa => Key.Value;

    public static string PrivateKeyPem => Key.Value.ExportRSAPrivateKeyPem();
}
