using System.Security.Cryptography;
using System.Text;

namespace ReviewBot.Status;

/// <summary>Whether an Authorization header carries the status token: Basic with it as the password, or Bearer.</summary>
internal static class StatusToken
{
    public static bool Opens(string authorization, string token)
    {
        var given = authorization switch
        {
            _ when authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) => authorization["Bearer ".Length..].Trim(),
            _ when authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) => Password(authorization["Basic ".Length..].Trim()),
            _ => null,
        };
        // Hashed first, so the comparison takes as long whatever the lengths.
        return given is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    private static string? Password(string encoded)
    {
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return null;
        }

        var pair = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : pair[(colon + 1)..];
    }
}
