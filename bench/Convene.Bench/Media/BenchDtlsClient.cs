using System.Collections;
using Convene.Media.Dtls;
using Org.BouncyCastle.Crypto.Tls;

namespace Convene.Bench.Media;

/// <summary>The headless peer's DTLS 1.2 client (BouncyCastle): ECDHE_ECDSA, use_srtp 0x0001, a client certificate.</summary>
internal sealed class BenchDtlsClient : DefaultTlsClient, TlsAuthentication
{
    private readonly DtlsCertificate _certificate;

    public BenchDtlsClient(DtlsCertificate certificate) => _certificate = certificate;

    public byte[]? KeyingMaterial { get; private set; }

    public override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv10;

    public override ProtocolVersion ClientVersion => ProtocolVersion.DTLSv12;

    public override int[] GetCipherSuites() => [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

    public override IDictionary GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSRTPUtils.AddUseSrtpExtension(extensions, new UseSrtpData([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80], []));
        return extensions;
    }

    public override TlsAuthentication GetAuthentication() => this;

    public void NotifyServerCertificate(Certificate serverCertificate)
    {
        // The benchmark trusts the relay it started itself.
    }

    public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
        => new DefaultTlsSignerCredentials(
            mContext,
            new Certificate([_certificate.BouncyCastleCertificate]),
            _certificate.BouncyCastlePrivateKey,
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        KeyingMaterial = mContext.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, DtlsHandshakeResult.KeyingMaterialLength);
    }
}
