using ReviewBot.Model;
using static ReviewBot.Tests.TestSupport.SampleSecrets;

namespace ReviewBot.Tests.Model;

/// <summary>
/// Every shape of secret, as it turns up in code, configuration, a pull request's body or a commit message: the secret
/// becomes <c>[masked: kind]</c> and every other character stays where it was.
/// </summary>
public sealed class SecretRulesTests
{
    public sealed record Example(string Where, string Text, params (string Secret, string Kind)[] Secrets)
    {
        public override string ToString() => Where;
    }

    private static IEnumerable<Example> Cases()
    {
        // AWS
        yield return new Example("AWS credentials file", $"[default]\naws_access_key_id = {AwsKeyId}\naws_secret_access_key = {AwsSecretKey}\n",
            (AwsKeyId, "AWS access key"), (AwsSecretKey, "AWS secret access key"));
        yield return new Example("AWS keys in a workflow's YAML env", $"    env:\n      AWS_ACCESS_KEY_ID: ASIASFIWEUCFIXEOCUOS\n      AWS_SECRET_ACCESS_KEY: {AwsSecretKey}\n",
            ("ASIASFIWEUCFIXEOCUOS", "AWS access key"), (AwsSecretKey, "AWS secret access key"));
        yield return new Example("STS credentials as JSON", "{\n  \"Credentials\": {\n    \"AccessKeyId\": \"ASIASFIWEUCFIXEOCUOS\",\n    \"SecretAccessKey\": \"BacU3lzDPXzaLLkPZCLk1VPMTLnz+VWNALYXTU2z\",\n    \"Expiration\": \"2025-01-01T00:00:00Z\"\n  }\n}\n",
            ("ASIASFIWEUCFIXEOCUOS", "AWS access key"), ("BacU3lzDPXzaLLkPZCLk1VPMTLnz+VWNALYXTU2z", "AWS secret access key"));
        yield return new Example("AWS secret in a .env file", "export AWS_SECRET_ACCESS_KEY=\"+kIui/I1oJLJIJ0FUFF6FDzV/noXkv2frcyHlm76\"\n",
            ("+kIui/I1oJLJIJ0FUFF6FDzV/noXkv2frcyHlm76", "AWS secret access key"));
        yield return new Example("AWS SDK options in JavaScript", $"const s3 = new S3Client({{ credentials: {{ accessKeyId: '{AwsKeyId}', secretAccessKey: '{AwsSecretKey}' }} }});\n",
            (AwsKeyId, "AWS access key"), (AwsSecretKey, "AWS secret access key"));
        yield return new Example("AWS keys passed positionally in C#", $"var credentials = new BasicAWSCredentials(\"{AwsKeyId}\", \"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\");\n",
            (AwsKeyId, "AWS access key"), ("je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "AWS secret access key"));
        yield return new Example("AWS keys in a pull request body", $"Deploys now use the new IAM user ({AwsKeyId} / {AwsSecretKey}); the old key is revoked.",
            (AwsKeyId, "AWS access key"), (AwsSecretKey, "AWS secret access key"));
        yield return new Example("AWS secret in a commit message", "Rotate the deploy key\n\nNew secret: FndgApx5JR4Gk3yTxLuEpvGwolYB5mkl/zKXpCT6\n",
            ("FndgApx5JR4Gk3yTxLuEpvGwolYB5mkl/zKXpCT6", "AWS secret access key"));

        // GitHub
        yield return new Example("classic PAT in a .env file", "GITHUB_TOKEN=ghp_ox9yimTcfipZGnzPbDFDyFKm51zfFoWbSrHA\n", ("ghp_ox9yimTcfipZGnzPbDFDyFKm51zfFoWbSrHA", "GitHub token"));
        yield return new Example("OAuth token in JSON", "{\"access_token\": \"gho_E56yUhQqg0eyN1ygQdvpSfF5PH5nLZjMeI8c\", \"scope\": \"repo\"}", ("gho_E56yUhQqg0eyN1ygQdvpSfF5PH5nLZjMeI8c", "GitHub token"));
        yield return new Example("user-to-server token in YAML", "auth:\n  token: ghu_FSmj83LDUL4CsJw24BikWMgISuSw8P1FGNmt\n", ("ghu_FSmj83LDUL4CsJw24BikWMgISuSw8P1FGNmt", "GitHub token"));
        yield return new Example("installation token in a clone URL", "git clone https://x-access-token:ghs_jwHsGQeZ52G6SIowp6asvorcBqyt1T5AlQzh@github.com/acme/app.git\n",
            ("ghs_jwHsGQeZ52G6SIowp6asvorcBqyt1T5AlQzh", "GitHub token"));
        yield return new Example("refresh token in a pull request body", "Refresh with ghr_k7Q2bmXkthaYWyv1kKB5oiAKCAAfLesTgcfQ when it expires.", ("ghr_k7Q2bmXkthaYWyv1kKB5oiAKCAAfLesTgcfQ", "GitHub token"));
        yield return new Example("fine-grained PAT in C#", $"private const string Token = \"{GitHubFineGrained}\";\n", (GitHubFineGrained, "GitHub fine-grained token"));

        // Azure
        const string accountKey = "m6aSwh97QKymwEtwucOO9nnRDyUxYmBWeBTD7I5tCiI0q6zVZlGAdRH++tW0md7J4AhkYza4U2aIKlKAaBu0Ww==";
        yield return new Example("storage connection string in appsettings.json",
            $"\"ConnectionStrings\": {{\n  \"Storage\": \"DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey={accountKey};EndpointSuffix=core.windows.net\"\n}}",
            (accountKey, "Azure account key"));
        yield return new Example("Service Bus connection string", "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=ZoDMA5Nf42f6pYpzmm5XI2DRbJ8TxvgkaoudARpNoxs=\n",
            ("ZoDMA5Nf42f6pYpzmm5XI2DRbJ8TxvgkaoudARpNoxs=", "Azure account key"));
        yield return new Example("SAS URL in a pull request body",
            "The export is at https://acmeprod.blob.core.windows.net/exports/report.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-06-30T00:00:00Z&spr=https&sig=oLV17VSixRDQ3aE4iurNKuQKYDIi7WRijJW8TGNFWi4%3D for now.",
            ("oLV17VSixRDQ3aE4iurNKuQKYDIi7WRijJW8TGNFWi4%3D", "Azure SAS signature"));
        yield return new Example("Azure AD client secret in appsettings.json", "\"AzureAd\": {\n  \"ClientId\": \"0f3c9a52-7d1e-4b8a-9c6f-2e5d8b1a4c7e\",\n  \"ClientSecret\": \"PEh8Q~LYeeV.LSWdsbkx5q2nV.fVTnOn9vE9USV2\"\n}",
            ("PEh8Q~LYeeV.LSWdsbkx5q2nV.fVTnOn9vE9USV2", "Azure AD client secret"));
        yield return new Example("Azure AD client secret on a command line", "az login --service-principal -u 0f3c9a52-7d1e-4b8a-9c6f-2e5d8b1a4c7e -p PEh8Q~LYeeV.LSWdsbkx5q2nV.fVTnOn9vE9USV2 --tenant acme\n",
            ("PEh8Q~LYeeV.LSWdsbkx5q2nV.fVTnOn9vE9USV2", "Azure AD client secret"));

        // Google
        yield return new Example("API key in a Firebase config", "const firebaseConfig = { apiKey: \"AIzaSyTPioS3uuGXt3imCkLwRznghwvPLF9okrq\", authDomain: \"acme.firebaseapp.com\" };\n",
            ("AIzaSyTPioS3uuGXt3imCkLwRznghwvPLF9okrq", "Google API key"));
        yield return new Example("OAuth client secret in client_secret.json", "{\"installed\": {\"client_id\": \"1234.apps.googleusercontent.com\", \"client_secret\": \"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\"}}",
            ("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", "Google OAuth client secret"));

        // JWTs and bearer tokens
        yield return new Example("JWT in an Authorization header", $"curl -H \"Authorization: Bearer {Jwt}\" https://api.acme.dev/v1/me\n", (Jwt, "JWT"));
        yield return new Example("JWT in a test fixture", $"const string SessionCookie = \"{Jwt}\";\n", (Jwt, "JWT"));
        yield return new Example("opaque bearer token in a commit message", "Fix the smoke test\n\nIt calls the API with Authorization: Bearer 8f4c2a9e1b7d3f6a0c5e9b2d4f7a1c3e now.\n",
            ("8f4c2a9e1b7d3f6a0c5e9b2d4f7a1c3e", "bearer token"));

        // Generic assignments with a random-looking value
        yield return new Example("password in a .env file", "DB_HOST=db.internal\nDB_PASSWORD=s3cr3tP@ssw0rd!\n", ("s3cr3tP@ssw0rd!", "secret assignment"));
        yield return new Example("password in YAML", "database:\n  user: app\n  password: \"hX9#kL2$mQ7!vT\"\n", ("hX9#kL2$mQ7!vT", "secret assignment"));
        yield return new Example("API key in JSON", "{\"service\": \"mailer\", \"api_key\": \"5c46477f0a0757669c954fc192f3be4e\"}", ("5c46477f0a0757669c954fc192f3be4e", "secret assignment"));
        yield return new Example("Django SECRET_KEY", "SECRET_KEY = 'django-insecure-8x#2k$9lq!v@z7m^p0w&r3t5y'\n", ("django-insecure-8x#2k$9lq!v@z7m^p0w&r3t5y", "secret assignment"));
        yield return new Example("signing key in C#", "private const string SigningKey = \"Jq3vT8xLp2WzR6kN9mYb\";\n", ("Jq3vT8xLp2WzR6kN9mYb", "secret assignment"));
        yield return new Example("password in a docker-compose list", "    environment:\n      - POSTGRES_PASSWORD=Xk9mQ2vL7pR4tW\n", ("Xk9mQ2vL7pR4tW", "secret assignment"));
        yield return new Example("npm token in .npmrc", "//registry.npmjs.org/:_authToken=npm_Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5\n",
            ("npm_Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5", "secret assignment"));
        yield return new Example("API key in a pull request body", "Set `api_key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0` in production.", ("9f8e7d6c5b4a39281706f5e4d3c2b1a0", "secret assignment"));
        yield return new Example("password inside JSON inside a string", "var body = \"{\\\"password\\\": \\\"Zq7!vR2mK9xL\\\"}\";\n", ("Zq7!vR2mK9xL", "secret assignment"));
        yield return new Example("password in a database URL", "DATABASE_URL=postgres://app:Zq7%21vR2mK9x@db.internal:5432/app\n", ("Zq7%21vR2mK9x", "password in URL"));

        // Known shapes kept from before
        yield return new Example("OpenAI key", "OPENAI_API_KEY=sk-proj-4fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1\n", ("sk-proj-4fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1", "OpenAI key"));
        yield return new Example("Slack bot token", "slack_bot: xoxb-502500385757-8242407494744-z3FCQOfF5PCviLVgxTMQDxEK\n", ("xoxb-502500385757-8242407494744-z3FCQOfF5PCviLVgxTMQDxEK", "Slack token"));
        yield return new Example("GitLab token", "CI_JOB: glpat-Xk9mQ2vL7pR4tWz8yB3n\n", ("glpat-Xk9mQ2vL7pR4tWz8yB3n", "GitLab token"));
        yield return new Example("Stripe live key", "Stripe.ApiKey = \"sk_live_4eC39HqLyjWDarjtT1zdp7dc\";\n", ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe key"));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_secret_is_masked_and_nothing_else_changes(Example example)
    {
        var expected = example.Secrets.Aggregate(example.Text, (text, s) => text.Replace(s.Secret, $"[masked: {s.Kind}]", StringComparison.Ordinal));

        var masked = SecretMasker.Mask(example.Text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(masked.Text, Is.EqualTo(expected));
            Assert.That(masked.Kinds, Is.EquivalentTo(example.Secrets.Select(s => s.Kind)));
        }
    }

    /// <summary>
    /// The model sees code with line-number prefixes (<c>12+ </c>, <c>13  </c>, <c>b10- </c>); the verifier checks its quotes
    /// against the file masked on its own. Both must mask alike.
    /// </summary>
    [TestCaseSource(nameof(Cases))]
    public void The_secret_is_masked_the_same_way_in_a_diff_and_in_context(Example example)
    {
        var alone = SecretMasker.Mask(example.Text).Text.Split('\n');

        foreach (var prefix in new[] { "12+ ", "13  ", "b10- " })
        {
            var shown = string.Join('\n', example.Text.Split('\n').Select(line => prefix + line));
            var masked = SecretMasker.Mask(shown).Text.Split('\n').Select(line => line[prefix.Length..]);

            Assert.That(masked, Is.EqualTo(alone), prefix);
        }
    }

    [Test]
    public void A_google_service_account_key_file_loses_its_key_id_and_its_private_key()
    {
        const string keyId = "36c8b50326cdcd47618e13e086eace83a14701fb";
        const string key = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\\n-----END PRIVATE KEY-----\\n";
        var file = $$"""
            {
              "type": "service_account",
              "project_id": "acme-prod",
              "private_key_id": "{{keyId}}",
              "private_key": "{{key}}",
              "client_email": "deployer@acme-prod.iam.gserviceaccount.com",
              "client_id": "113246578901234567890"
            }
            """;

        var masked = SecretMasker.Mask(file);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(masked.Text, Does.Not.Contain(keyId).And.Not.Contain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"));
            Assert.That(masked.Text, Does.Contain("\"private_key_id\": \"[masked: Google service-account key]\""));
            Assert.That(masked.Text, Does.Contain("\"private_key\": \"[masked: private key]\\n\""));
            Assert.That(masked.Text, Does.Contain("deployer@acme-prod.iam.gserviceaccount.com"));
            Assert.That(masked.Kinds, Is.EquivalentTo(new[] { "Google service-account key", "private key" }));
        }
    }
}
