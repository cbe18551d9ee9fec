using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ReviewBot.GitHub;

/// <summary>
/// Signs the short-lived RS256 JWT that authenticates as the App itself (to mint installation tokens).
/// GitHub wants <c>iat</c> a little in the past, to absorb clock drift, and <c>exp</c> at most 10 minutes ahead.
/// </summary>
public sealed class AppJwtFactory(IOptions<GitHubOptions> options, TimeProvider time) : IDisposable
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"RS256","typ":"JWT"}""");
    private readonly Lazy<RSA?> _key = new(() => GitHubAppKey.TryLoad(options.Value, out var key, out _) ? key : null);

    public bool IsConfigured => options.Value.AppId is > 0 && _key.Value is not null;

    public string CreateToken()
    {
        var key = _key.Value;
        if (options.Value.AppId is not > 0 || key is null)
        {
            throw new AppNotConfiguredException();
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new JwtPayload(now - 60, now + (9 * 60), options.Value.AppId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var signingInput = $"{Base64Url.EncodeToString(Header)}.{Base64Url.EncodeToString(payload)}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    public void Dispose()
    {
        if (_key.IsValueCreated)
        {
            _key.Value?.Dispose();
        }
    }

    private sealed record JwtPayload(
        [property: System.Text.Json.Serialization.JsonPropertyName("iat")] long IssuedAt,
        [property: System.Text.Json.Serialization.JsonPropertyName("exp")] long ExpiresAt,
        [property: System.Text.Json.Serialization.JsonPropertyName("iss")] string Issuer);
}
