using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Convene.Grains.Webhooks;

/// <summary>
/// The signature of a webhook request: <c>v1=</c> + hex HMAC-SHA256, keyed with the shared secret, of
/// <c>{timestamp}.{body}</c> (the timestamp header's value, a dot, the raw body bytes). A receiver recomputes it,
/// compares in constant time, and refuses timestamps too far from its clock (replay).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The event id header (the same on every attempt: de-duplicate by it).</summary>
    public const string IdHeader = "Convene-Webhook-Id";

    /// <summary>The Unix time in seconds when this attempt was signed.</summary>
    public const string TimestampHeader = "Convene-Webhook-Timestamp";

    /// <summary>The signature header: <c>v1=&lt;hex&gt;</c>.</summary>
    public const string SignatureHeader = "Convene-Webhook-Signature";

    /// <summary>The signature header's value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is the signature of <paramref name="body"/> at <paramref name="timestamp"/>
    /// and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string? timestamp, ReadOnlySpan<byte> body, string? signature, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || signature is null
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
