using System.Security.Cryptography;

namespace Convene.Media.Ice;

/// <summary>An ICE username fragment and password (RFC 8445 §5.3, RFC 8839 §5.4).</summary>
/// <param name="Ufrag">At least 4 ice-chars; 24 bits of randomness required, we use 8 characters (48 bits).</param>
/// <param name="Pwd">At least 22 ice-chars (128 bits); we use 24.</param>
public sealed record IceCredentials(string Ufrag, string Pwd)
{
    // ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.4)
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Generates fresh random credentials.</summary>
    public static IceCredentials Generate()
        => new(RandomNumberGenerator.GetString(IceChars, 8), RandomNumberGenerator.GetString(IceChars, 24));
}
