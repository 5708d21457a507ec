using System.Security.Cryptography;
using System.Text;

namespace Convene.Grains.Users;

/// <summary>Tokens are stored only as their SHA-256; this is the key of <see cref="ITokenIndexGrain"/>.</summary>
public static class AccessTokenHash
{
    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes.</summary>
    public static string Of(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new random token: 32 bytes, base64url without padding.</summary>
    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Compares two hashes in constant time.</summary>
    public static bool Equal(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
