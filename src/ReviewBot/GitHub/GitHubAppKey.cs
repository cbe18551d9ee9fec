using System.Security.Cryptography;

namespace ReviewBot.GitHub;

/// <summary>Loads the App's RSA private key from <c>GitHub:PrivateKey</c> or <c>GitHub:PrivateKeyPath</c>.</summary>
public static class GitHubAppKey
{
    /// <summary>
    /// Loads the key. Returns true with a null key when none is configured; false with a message when one is configured
    /// but unusable. The message names the setting, never the key's text.
    /// </summary>
    public static bool TryLoad(GitHubOptions options, out RSA? key, out string? problem)
    {
        key = null;
        problem = null;
        string pem;
        string source;
        if (!string.IsNullOrWhiteSpace(options.PrivateKey))
        {
            pem = options.PrivateKey.Replace("\\n", "\n", StringComparison.Ordinal);
            source = "GitHub:PrivateKey";
        }
        else if (!string.IsNullOrWhiteSpace(options.PrivateKeyPath))
        {
            source = "GitHub:PrivateKeyPath";
            if (!File.Exists(options.PrivateKeyPath))
            {
                problem = $"GitHub:PrivateKeyPath points to '{options.PrivateKeyPath}', which does not exist.";
                return false;
            }

            pem = File.ReadAllText(options.PrivateKeyPath);
        }
        else
        {
            return true;
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            _ = rsa.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            problem = $"{source} is not a PEM RSA private key (expected '-----BEGIN RSA PRIVATE KEY-----' as GitHub issues it).";
            return false;
        }

        key = rsa;
        return true;
    }
}
