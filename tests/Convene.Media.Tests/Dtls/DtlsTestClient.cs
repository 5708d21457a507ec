using Convene.Media.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Convene.Media.Tests.Dtls;

/// <summary>
/// A BouncyCastle DTLS 1.2 client that plays the browser: ECDHE_ECDSA, use_srtp 0x0001 (or the profiles in
/// <see cref="SrtpProfiles"/>), a client certificate; exports the DTLS-SRTP keying material (RFC 5764 §4.2) of the
/// profile the server chose, which the server must also export.
/// Shared by the tests and, linked as source, by the forwarding benchmark's headless peers.
/// </summary>
internal class DtlsTestClient(DtlsCertificate certificate) : DefaultTlsClient(new BcTlsCrypto(new SecureRandom())), TlsAuthentication
{
    public byte[]? KeyingMaterial { get; private set; }

    /// <summary>The protection profiles offered in use_srtp, in order (default SRTP_AES128_CM_HMAC_SHA1_80 alone).</summary>
    public int[] SrtpProfiles { get; init; } = [SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80];

    /// <summary>The profile the server answered.</summary>
    public int ChosenSrtpProfile { get; private set; }

    public string? ServerFingerprint { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.DownTo(ProtocolVersion.DTLSv10);

    protected override int[] GetSupportedCipherSuites() => [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(SrtpProfiles, []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        ChosenSrtpProfile = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)?.ProtectionProfiles is [var chosen] ? chosen : 0;
    }

    public override TlsAuthentication GetAuthentication() => this;

    public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        => ServerFingerprint = DtlsFingerprint.Compute(serverCertificate.Certificate.GetCertificateAt(0).GetEncoded());

    public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
    {
        var crypto = (BcTlsCrypto)Crypto;
        return new BcDefaultTlsCredentialedSigner(
            new Org.BouncyCastle.Tls.Crypto.TlsCryptoParameters(m_context),
            crypto,
            certificate.BouncyCastlePrivateKey,
            new Certificate([new BcTlsCertificate(crypto, certificate.BouncyCastleCertificate)]),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        KeyingMaterial = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, Convene.Media.Srtp.SrtpKeyLengths.KeyingMaterial((Convene.Media.Srtp.SrtpProfile)ChosenSrtpProfile));
    }
}
