using Convene.Media.Dtls;

namespace Convene.Media.Tests.Dtls;

/// <summary>The DTLS-SRTP server against an in-memory BouncyCastle client.</summary>
public sealed class DtlsServerSessionTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Handshake_exports_the_same_60_bytes_on_both_sides_and_verifies_the_client()
    {
        using var serverCertificate = DtlsCertificate.Generate("server");
        using var clientCertificate = DtlsCertificate.Generate("client");
        var client = new InMemoryDtlsClient(clientCertificate);
        using var server = new DtlsServerSession(serverCertificate, clientCertificate.Fingerprint, client.DeliverFromServer, _timeout);
        client.Server = server;

        await client.RunAsync(_timeout);
        var result = await server.Completion.WaitAsync(_timeout);

        Assert.Equal(DtlsState.Connected, server.State);
        Assert.Equal("DTLS 1.2", result.ProtocolVersion);
        Assert.Equal(0xC02B, result.CipherSuite);
        Assert.Equal(DtlsHandshakeResult.SrtpAes128CmHmacSha1_80, result.SrtpProfile);
        Assert.Equal(60, result.KeyingMaterial.Length);
        Assert.Equal(Convert.ToHexString(client.KeyingMaterial!), Convert.ToHexString(result.KeyingMaterial));
        Assert.Equal(clientCertificate.Fingerprint, result.RemoteFingerprint);
        Assert.Equal(serverCertificate.Fingerprint, client.ServerFingerprint);
    }

    [Fact]
    public async Task A_client_offering_aes_gcm_gets_it_first_with_the_56_bytes_of_rfc_7714()
    {
        using var serverCertificate = DtlsCertificate.Generate("server");
        using var clientCertificate = DtlsCertificate.Generate("client");
        // AES-CM listed first: the server still prefers AES-GCM (one AEAD pass per packet).
        var client = new InMemoryDtlsClient(clientCertificate)
        {
            SrtpProfiles = [Org.BouncyCastle.Tls.SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, Org.BouncyCastle.Tls.SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM],
        };
        using var server = new DtlsServerSession(serverCertificate, clientCertificate.Fingerprint, client.DeliverFromServer, _timeout);
        client.Server = server;

        await client.RunAsync(_timeout);
        var result = await server.Completion.WaitAsync(_timeout);

        Assert.Equal((int)Convene.Media.Srtp.SrtpProfile.AeadAes128Gcm, result.SrtpProfile);
        Assert.Equal(result.SrtpProfile, client.ChosenSrtpProfile);
        Assert.Equal(56, result.KeyingMaterial.Length); // 2 × (16-byte key + 12-byte salt)
        Assert.Equal(Convert.ToHexString(client.KeyingMaterial!), Convert.ToHexString(result.KeyingMaterial));
        using var session = Convene.Media.Srtp.SrtpSession.FromDtlsKeyingMaterial(result.KeyingMaterial, Convene.Media.Srtp.SrtpProfile.AeadAes128Gcm);
        Assert.Equal(Convene.Media.Srtp.SrtpProfile.AeadAes128Gcm, session.Outbound.Profile);
    }

    [Fact]
    public async Task Close_notify_right_after_the_handshake_closes_the_association()
    {
        using var serverCertificate = DtlsCertificate.Generate("server");
        using var clientCertificate = DtlsCertificate.Generate("client");
        var client = new InMemoryDtlsClient(clientCertificate);
        using var server = new DtlsServerSession(serverCertificate, clientCertificate.Fingerprint, client.DeliverFromServer, _timeout);
        client.Server = server;

        var dtls = await client.RunAsync(_timeout);
        await server.Completion.WaitAsync(_timeout);
        dtls.Close(); // sends close_notify within the post-handshake window
        await server.Worker.WaitAsync(_timeout);

        Assert.Equal(DtlsState.Closed, server.State);
    }

    [Fact]
    public async Task A_client_certificate_that_does_not_match_the_offer_fails_the_handshake()
    {
        using var serverCertificate = DtlsCertificate.Generate("server");
        using var clientCertificate = DtlsCertificate.Generate("client");
        using var otherCertificate = DtlsCertificate.Generate("someone else");
        var client = new InMemoryDtlsClient(clientCertificate);
        using var server = new DtlsServerSession(serverCertificate, otherCertificate.Fingerprint, client.DeliverFromServer, _timeout);
        client.Server = server;

        var clientRun = client.RunAsync(_timeout);
        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.Completion.WaitAsync(_timeout));
        await Assert.ThrowsAnyAsync<Exception>(() => clientRun);

        Assert.Contains("does not match", failure.Message);
        Assert.Equal(DtlsState.Failed, server.State);
        Assert.Null(server.Result);
    }

    [Fact]
    public async Task Disposing_before_any_datagram_fails_the_completion()
    {
        using var certificate = DtlsCertificate.Generate();
        var server = new DtlsServerSession(certificate, certificate.Fingerprint, _ => true, _timeout);

        server.Dispose();

        await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.Completion);
        Assert.Equal(DtlsState.Closed, server.State);
        Assert.False(server.Deliver([22, 0xFE, 0xFD]));
    }
}
