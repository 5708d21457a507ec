using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace Convene.Media.Dtls;

/// <summary>
/// The server's DTLS identity: a self-signed ECDSA P-256 certificate (RFC 8827 §6.5 / JSEP needs only
/// that the fingerprint in the SDP matches) and its SHA-256 fingerprint in SDP form (RFC 8122 §5).
/// One instance is shared by every peer of a transport.
/// </summary>
public sealed class DtlsCertificate : IDisposable
{
    private readonly ECDsa _key;

    private DtlsCertificate(ECDsa key, X509Certificate2 certificate)
    {
        _key = key;
        Certificate = certificate;
        Fingerprint = DtlsFingerprint.Compute(certificate.RawData);
        BouncyCastleCertificate = X509CertificateStructure.GetInstance(certificate.RawData);
        BouncyCastlePrivateKey = PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
    }

    /// <summary>The certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The SHA-256 fingerprint as written after <c>a=fingerprint:sha-256 </c>.</summary>
    public string Fingerprint { get; }

    internal X509CertificateStructure BouncyCastleCertificate { get; }

    internal AsymmetricKeyParameter BouncyCastlePrivateKey { get; }

    /// <summary>Generates a new key pair and a self-signed certificate valid for 30 days.</summary>
    public static DtlsCertificate Generate(string commonName = "Convene", TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return new DtlsCertificate(key, certificate);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
