namespace ReviewBot.Tests.TestSupport;

/// <summary>Secrets of real shapes (AWS's documented examples, tokens of GitHub's formats) that tests put where the model could see them.</summary>
public static class SampleSecrets
{
    public const string AwsKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string AwsSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string GitHubToken = "ghp_ox9yimTcfipZGnzPbDFDyFKm51zfFoWbSrHA";
    public const string GitHubFineGrained = "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";

    /// <summary>jwt.io's example token.</summary>
    public const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
}
