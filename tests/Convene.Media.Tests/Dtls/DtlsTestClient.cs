using System.Collections;
using Convene.Media.Dtls;
using Org.BouncyCastle.Crypto.Tls;

namespace Convene.Media.Tests.Dtls;

/// <summary>
/// A BouncyCastle DTLS 1.2 client that plays the browser: ECDHE_ECDSA, use_srtp 0x0001, a client
/// certificate; exports the 60 bytes of DTLS-SRTP keying material (RFC 5764 §4.2) the server must also export.
/// Shared by the tests and, linked as source, by the forwarding benchmark's headless peers.
/// </summary>
internal class DtlsTestClient(DtlsCertificate certificate) : DefaultTlsClient, TlsAuthentication
{
    public byte[]? KeyingMaterial { get; private set; }

    public string? ServerFingerprint { get; private set; }

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
        => ServerFingerprint = DtlsFingerprint.Compute(serverCertificate.GetCertificateAt(0).GetEncoded());

    public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
        => new DefaultTlsSignerCredentials(
            mContext,
            new Certificate([certificate.BouncyCastleCertificate]),
            certificate.BouncyCastlePrivateKey,
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        KeyingMaterial = mContext.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, DtlsHandshakeResult.KeyingMaterialLength);
    }
}
