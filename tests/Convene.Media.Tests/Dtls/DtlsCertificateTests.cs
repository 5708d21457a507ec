using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Convene.Media.Dtls;

namespace Convene.Media.Tests.Dtls;

/// <summary>The self-signed ECDSA P-256 certificate and its SDP fingerprint.</summary>
public sealed class DtlsCertificateTests
{
    [Fact]
    public void Certificate_is_ecdsa_p256_and_its_fingerprint_is_the_sha256_of_the_der()
    {
        using var certificate = DtlsCertificate.Generate();

        using var key = certificate.Certificate.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        var expected = string.Join(':', SHA256.HashData(certificate.Certificate.RawData).Select(b => b.ToString("X2")));
        Assert.Equal(expected, certificate.Fingerprint);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", certificate.Fingerprint);
    }

    [Fact]
    public void Fingerprints_compare_case_insensitively()
    {
        Assert.True(DtlsFingerprint.AreEqual("AB:CD", "ab:cd"));
        Assert.False(DtlsFingerprint.AreEqual("AB:CD", "AB:CE"));
        Assert.False(DtlsFingerprint.AreEqual(null, "AB:CD"));
    }
}
