using ReviewBot.Model;

namespace ReviewBot.Tests.Model;

/// <summary>Text that looks like a secret at a glance and is none: it reaches the model as it is.</summary>
public sealed class SecretValuesTests
{
    [TestCase("var password = request.Password;", TestName = "A member of the request")]
    [TestCase("secret = GetSecret()", TestName = "A call")]
    [TestCase("      token: ${{ secrets.GITHUB_TOKEN }}", TestName = "A workflow expression")]
    [TestCase("password=\"\"", TestName = "An empty string")]
    [TestCase("password: changeme", TestName = "changeme")]
    [TestCase("api_key = \"xxxxxxxxxxxxxxxxxxxxxxxx\"", TestName = "xxxx")]
    [TestCase("password: <your-password>", TestName = "An angle-bracket placeholder")]
    [TestCase("\"api_key\": \"YOUR_API_KEY_HERE\"", TestName = "A YOUR_..._HERE placeholder")]
    [TestCase("DB_PASSWORD=example-password-123", TestName = "An example value")]
    [TestCase("password: ${DB_PASSWORD}", TestName = "A shell expansion")]
    [TestCase("PASSWORD=$DB_PASSWORD", TestName = "A shell variable")]
    [TestCase("password = os.environ[\"DB_PASSWORD\"]", TestName = "An environment lookup in Python")]
    [TestCase("token: process.env.NPM_TOKEN,", TestName = "An environment lookup in JavaScript")]
    [TestCase("Password: os.Getenv(\"DB_PASSWORD\"),", TestName = "An environment lookup in Go")]
    [TestCase("password = var.db_password", TestName = "A Terraform variable")]
    [TestCase("password: \"{{ .Values.db.password }}\"", TestName = "A Helm template")]
    [TestCase("var token = await GetTokenAsync(cancellationToken);", TestName = "An await")]
    [TestCase("options.Token = token;", TestName = "An identifier")]
    [TestCase("token = tokens[0]", TestName = "An index")]
    [TestCase("string secret = null;", TestName = "null")]
    [TestCase("if (password == \"\") return;", TestName = "A comparison with empty")]
    [TestCase("api_key = settings.API_KEY", TestName = "A settings member")]
    [TestCase("secret: my-app-secret", TestName = "Words")]
    [TestCase("\"password\": \"Enter your password\"", TestName = "A sentence")]
    [TestCase("token_type: Bearer", TestName = "A token type")]
    [TestCase("var header = \"Bearer \" + token;", TestName = "A bearer prefix")]
    [TestCase("Authorization: Bearer {token}", TestName = "A bearer template")]
    [TestCase("password_hash = bcrypt(password)", TestName = "A key that only starts with password")]
    [TestCase("private const int TokenLimit = 8192;", TestName = "A number")]
    [TestCase("secret: /run/secrets/db_password", TestName = "A path")]
    [TestCase("token: https://login.acme.dev/oauth2/v2.0/token", TestName = "A URL")]
    [TestCase("signing_key = sha256Hash", TestName = "A name with digits")]
    [TestCase("commit 1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c", TestName = "A commit id")]
    [TestCase("\"node_id\": \"MDE3OlB1bGxSZXF1ZXN0UmV2aWV3MjM3ODk1Njcx\",", TestName = "A GitHub node id")]
    [TestCase("GET /repos/Codertocat/Hello-World/pulls/comments/284312630/reactions", TestName = "A URL path of 40 characters")]
    [TestCase("ThisIsAVeryLongIdentifierNameWithDigit42", TestName = "A long identifier")]
    [TestCase("\"integrity\": \"sha512-9YJ4ktpBFxN6S0Mwp1m2D/2Ai6Mkz6lLH2/EXAMPLE+abc==\"", TestName = "A package integrity hash")]
    [TestCase("problem = \"expected '-----BEGIN RSA PRIVATE KEY-----' as GitHub issues it\";", TestName = "A key's BEGIN line in a message")]
    [TestCase("var sk = skip_count + 1; // ask-the-user", TestName = "sk as a name")]
    [TestCase("const ghost = 'gh_pages';", TestName = "gh as a prefix")]
    [TestCase("Fixes #12: the password field lost focus (see https://github.com/acme/app/issues/12).", TestName = "A pull request body about passwords")]
    public void Is_not_masked(string text)
    {
        var masked = SecretMasker.Mask(text);

        Assert.That(masked.Text, Is.EqualTo(text), string.Join(", ", masked.Kinds));
    }

    [TestCase("hunter2hunter2", 2.81)]
    [TestCase("aaaaaaaa", 0.0)]
    [TestCase("0123456789abcdef", 4.0)]
    public void Entropy_is_in_bits_per_character(string value, double bits) =>
        Assert.That(SecretValues.Entropy(value), Is.EqualTo(bits).Within(0.01));

    [TestCase("s3cr3tP@ssw0rd!", true)]
    [TestCase("Passw0rd2024", true)]
    [TestCase("hunter2", false, TestName = "Too short")]
    [TestCase("aaaaaaaa1", false, TestName = "Too uniform")]
    [TestCase("12345678901234", false, TestName = "Only digits")]
    [TestCase("CorrectHorseBatteryStaple", false, TestName = "Only letters")]
    [TestCase("request.Password", false, TestName = "A member chain")]
    [TestCase("user?.Token!", false, TestName = "A null-forgiving member chain")]
    [TestCase("x509CertificateData", false, TestName = "A name with a number in it")]
    public void An_unquoted_value_is_a_secret_only_when_it_looks_random(string value, bool secret) =>
        Assert.That(SecretValues.IsUnquotedSecret(value), Is.EqualTo(secret));
}
