using Convene.Media.Srtp;
using System.Net;
using Convene.Media.Dtls;
using Convene.Media.Transport;
using Xunit.Abstractions;

namespace Convene.Media.Tests.Interop;

/// <summary>The transport against a real headless Chromium: ICE-lite, DTLS 1.2 handshake, SRTP arriving.</summary>
[Collection(ChromiumTransportCollection.Name)]
public sealed class ChromiumInteropTests
{
    private static readonly TimeSpan _step = TimeSpan.FromSeconds(30);
    private readonly ITestOutputHelper _output;

    public ChromiumInteropTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // video as three rids (q, h, f): the answer mirrors them as recv
    public async Task Chromium_publisher_connects_dtls_with_srtp_keys_and_its_srtp_reaches_the_handler(bool simulcast)
    {
        var root = RepoRoot.Find();
        using var certificate = DtlsCertificate.Generate();
        var handler = new RecordingSrtpHandler();
        // Bound to 127.0.0.1, not 0.0.0.0: Chromium's checks to the 127.0.0.1 candidate come from its
        // eth0 address, and a wildcard-bound socket answers them from eth0 too, which Chromium rejects
        // as a non-symmetric response (RFC 8445 §7.2.5.2.1). Bound to loopback, answers leave from it.
        await using var transport = new MediaTransport(
            new MediaTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 },
            certificate,
            handler);
        transport.Start();

        await using var browser = ChromiumPeerProcess.Start(root, "--timeout-ms=25000", "--min-packets=50", $"--simulcast={(simulcast ? "true" : "false")}");
        var offer = await browser.ReadUntilAsync("offer", _step);
        var accepted = transport.AcceptOffer((string)offer["sdp"]!);
        var peer = accepted.Peer;
        Assert.Equal(simulcast, accepted.AnswerSdp.Contains("a=simulcast:recv q;h;f", StringComparison.Ordinal));
        await browser.SendAsync(new { type = "answer", sdp = accepted.AnswerSdp });

        var dtls = await WithTimeout(peer.DtlsConnected, _step, () => $"our DTLS side to connect; state {peer.DtlsState}, failure '{peer.Dtls.FailureReason}', counters {transport.Counters}\n{browser.Transcript}");
        var done = await browser.ReadUntilAsync("done", _step);
        _output.WriteLine($"browser: {done.ToJsonString()}");
        _output.WriteLine($"server: {dtls.ProtocolVersion} suite 0x{dtls.CipherSuite:X4} profile {dtls.SrtpProfile} in {dtls.Elapsed.TotalMilliseconds:F0} ms; tuple {peer.SelectedEndPoint}, nominated {peer.IsNominated}; {transport.Counters}");

        Assert.True((string?)done["dtlsState"] == "connected", $"Expected the browser's dtlsState 'connected', found '{done["dtlsState"]}'.\n{browser.Transcript}");
        // Chromium offers AES-GCM (RFC 7714), which the relay prefers: one AEAD pass per packet.
        Assert.Equal((int)SrtpProfile.AeadAes128Gcm, dtls.SrtpProfile);
        Assert.Equal("SRTP_AEAD_AES_128_GCM", (string?)done["srtpCipher"]);
        Assert.Equal("FEFD", (string?)done["tlsVersion"]); // DTLS 1.2: Chromium fell back from 1.3
        Assert.Equal(SrtpKeyLengths.KeyingMaterial(SrtpProfile.AeadAes128Gcm), dtls.KeyingMaterial.Length);
        Assert.Contains(dtls.KeyingMaterial, b => b != 0);
        Assert.True(DtlsFingerprint.AreEqual(accepted.Offer.EffectiveFingerprint!.Value, dtls.RemoteFingerprint),
            $"Expected the client certificate fingerprint {accepted.Offer.EffectiveFingerprint.Value}, found '{dtls.RemoteFingerprint}'.");

        var first = await WithTimeout(handler.FirstPacket, _step, () => $"an SRTP datagram at the handler; counters {transport.Counters}");
        Assert.Same(peer, first);
        Assert.True(handler.CountFor(peer) > 0, $"Expected SRTP datagrams for the peer, found {handler.CountFor(peer)}; counters {transport.Counters}.");
        Assert.NotNull(peer.SelectedEndPoint);
    }

    [Fact]
    public async Task Chromium_is_refused_when_its_certificate_does_not_match_the_offered_fingerprint()
    {
        var root = RepoRoot.Find();
        using var certificate = DtlsCertificate.Generate();
        await using var transport = new MediaTransport(new MediaTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 }, certificate, new RecordingSrtpHandler());
        transport.Start();

        await using var browser = ChromiumPeerProcess.Start(root, "--timeout-ms=25000");
        var offer = (string)(await browser.ReadUntilAsync("offer", _step))["sdp"]!;
        // Replace the browser's fingerprint with another certificate's: a man in the middle.
        using var other = DtlsCertificate.Generate("impostor");
        var tampered = System.Text.RegularExpressions.Regex.Replace(offer, "a=fingerprint:sha-256 [0-9A-F:]+", "a=fingerprint:sha-256 " + other.Fingerprint);
        var accepted = transport.AcceptOffer(tampered);
        await browser.SendAsync(new { type = "answer", sdp = accepted.AnswerSdp });

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => accepted.Peer.DtlsConnected.WaitAsync(_step));
        var done = await browser.ReadUntilAsync("done", _step);
        _output.WriteLine($"server: {failure.Message}; browser: {done.ToJsonString()}");

        Assert.Contains("does not match", failure.Message);
        Assert.Equal(DtlsState.Failed, accepted.Peer.DtlsState);
        Assert.True((string?)done["dtlsState"] == "failed", $"Expected the browser's dtlsState 'failed', found '{done["dtlsState"]}'.\n{browser.Transcript}");
        Assert.Equal(0, transport.Counters.SrtpDelivered);
    }

    private static async Task<T> WithTimeout<T>(Task<T> task, TimeSpan timeout, Func<string> expected)
    {
        var winner = await Task.WhenAny(task, Task.Delay(timeout));
        if (winner != task)
        {
            throw new TimeoutException($"Timed out after {timeout} waiting for {expected()}.");
        }

        return await task;
    }
}
