using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Convene.Media.Dtls;

/// <summary>
/// The BouncyCastle TLS server policy for WebRTC's DTLS-SRTP (RFC 5763, RFC 5764), with the five
/// settings that made headless Chromium complete the handshake (DESIGN §4): DTLS 1.0–1.2 only,
/// ECDHE_ECDSA suites only, ECDSA signer credentials from the .NET key, keying material exported in
/// <see cref="NotifyHandshakeComplete"/>, and use_srtp answered with profile 0x0001. It also requests
/// the client certificate and checks its fingerprint against the offer's <c>a=fingerprint</c>.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private static readonly int[] _cipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, // 0xC02B
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, // 0xC02C
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,    // 0xC009
    ];

    private readonly DtlsCertificate _certificate;
    private readonly string _expectedRemoteFingerprint;
    private int _srtpProfile;

    public DtlsSrtpServer(DtlsCertificate certificate, string expectedRemoteFingerprint)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        _certificate = certificate;
        _expectedRemoteFingerprint = expectedRemoteFingerprint;
    }

    /// <summary>The exported keying material; set once the handshake completed.</summary>
    public byte[]? KeyingMaterial { get; private set; }

    /// <summary>The fingerprint of the client certificate, once verified.</summary>
    public string? RemoteFingerprint { get; private set; }

    /// <summary>The SRTP profile chosen from the client's use_srtp list, 0 when none fits.</summary>
    public int SrtpProfile => _srtpProfile;

    /// <summary>The negotiated version and cipher suite, once the handshake completed.</summary>
    public (string Version, int CipherSuite) Negotiated { get; private set; }

    /// <summary>Why the handshake failed, when an alert was raised or received.</summary>
    public string? FailureReason { get; private set; }

    // Setting 1: DTLS 1.0–1.2 only (a TLS version makes Chromium answer protocol_version(70)). BouncyCastle 2
    // also speaks DTLS 1.3 in places; WebRTC's DTLS-SRTP is negotiated at 1.2 here, as with Chromium's own stack.
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.DownTo(ProtocolVersion.DTLSv10);

    // Setting 2: the default list picks an RSA suite we have no key for → internal_error(80).
    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, _cipherSuites);

    // Setting 3: the ECDSA P-256 credentials of our certificate, signing with SHA-256.
    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var crypto = (BcTlsCrypto)Crypto;
        var algorithm = TlsUtilities.IsTlsV12(m_context)
            ? new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa)
            : null;
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(m_context),
            crypto,
            _certificate.BouncyCastlePrivateKey,
            new Certificate([new BcTlsCertificate(crypto, _certificate.BouncyCastleCertificate)]),
            algorithm);
    }

    // Setting 5 (first half): read the client's use_srtp list (RFC 5764 §4.1.1).
    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var useSrtp = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (useSrtp is null)
        {
            return;
        }

        // AES-GCM first when offered (RFC 7714: one AEAD pass instead of AES-CM and HMAC-SHA1, ~40 % less CPU per
        // packet in SrtpBenchmarks), else AES-CM with HMAC-SHA1-80, which every WebRTC endpoint offers.
        foreach (int profile in (ReadOnlySpan<int>)[SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80])
        {
            if (Array.IndexOf(useSrtp.ProtectionProfiles, profile) >= 0)
            {
                _srtpProfile = profile;
                return;
            }
        }
    }

    // Setting 5 (second half): answer the chosen profile with an empty MKI (RFC 5764 §4.1.1).
    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        if (_srtpProfile == 0)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }

        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([_srtpProfile], []));
        return extensions;
    }

    // WebRTC authenticates the client by its certificate's fingerprint (RFC 8827 §6.5).
    public override CertificateRequest GetCertificateRequest()
    {
        var algorithms = TlsUtilities.IsTlsV12(m_context)
            ? new List<SignatureAndHashAlgorithm>
            {
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
            }
            : null;
        return new CertificateRequest([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], algorithms, null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            FailureReason = "The client sent no certificate.";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }

        var fingerprint = DtlsFingerprint.Compute(clientCertificate.GetCertificateAt(0).GetEncoded());
        if (!DtlsFingerprint.AreEqual(fingerprint, _expectedRemoteFingerprint))
        {
            FailureReason = $"The client certificate fingerprint {fingerprint} does not match the offer's {_expectedRemoteFingerprint}.";
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }

        RemoteFingerprint = fingerprint;
    }

    // Setting 4: after Accept returns the master secret is cleared, so export here (RFC 5705, RFC 5764 §4.2).
    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        KeyingMaterial = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, Srtp.SrtpKeyLengths.KeyingMaterial((Srtp.SrtpProfile)_srtpProfile));
        var version = m_context.ServerVersion;
        Negotiated = (version.IsDtls ? $"DTLS {(version.Equals(ProtocolVersion.DTLSv12) ? "1.2" : "1.0")}" : version.ToString(), m_context.SecurityParameters.CipherSuite);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
        => FailureReason ??= $"raised {AlertDescription.GetText(alertDescription)}: {message} {cause?.Message}";

    /// <summary>True once the client sent close_notify (RFC 5246 §7.2.1).</summary>
    public bool CloseNotifyReceived { get; private set; }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        CloseNotifyReceived |= alertDescription == AlertDescription.close_notify;
        FailureReason ??= $"received {AlertDescription.GetText(alertDescription)}";
    }
}
