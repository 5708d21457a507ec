using System.Security.Cryptography;

namespace Convene.Media.Dtls;

/// <summary>SHA-256 certificate fingerprints in the SDP form of RFC 8122 §5 ("AB:CD:...").</summary>
public static class DtlsFingerprint
{
    /// <summary>The hash function name used in <c>a=fingerprint</c>.</summary>
    public const string Algorithm = "sha-256";

    /// <summary>Computes the upper-case, colon-separated SHA-256 of a DER certificate.</summary>
    public static string Compute(ReadOnlySpan<byte> derCertificate)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(derCertificate, hash);
        return string.Join(':', hash.ToArray().Select(b => b.ToString("X2")));
    }

    /// <summary>True when the fingerprints are equal, ignoring case (RFC 8122 §5: hex is case-insensitive).</summary>
    public static bool AreEqual(string? a, string? b)
        => a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
