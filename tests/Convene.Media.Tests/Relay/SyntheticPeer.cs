using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Convene.Media.Dtls;
using Convene.Media.Srtp;
using Convene.Media.Tests.Dtls;
using Convene.Media.Tests.Transport;

namespace Convene.Media.Tests.Relay;

/// <summary>
/// A headless WebRTC peer of our own over loopback UDP: a hand-written offer (one Opus section, sendonly with an
/// SSRC or recvonly), an ICE check with USE-CANDIDATE, a BouncyCastle DTLS client handshake, then SRTP with the
/// exported keys (client role). Its socket is connected to the relay, so sends do not allocate.
/// </summary>
internal sealed partial class SyntheticPeer : IDisposable
{
    public const string Ufrag = "synth";
    public const string Pwd = "synthpasswordsynthpasswd";
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate("synthetic");

    private SyntheticPeer(IPEndPoint relay)
    {
        Client = new StunTestClient(relay);
        Client.Socket.Connect(relay);
    }

    public StunTestClient Client { get; }

    public SrtpSession Srtp { get; private set; } = null!;

    public byte[] BindingRequest { get; private set; } = [];

    public string Answer { get; private set; } = "";

    /// <summary>The SSRC the answer declares for us to receive (a=ssrc), 0 if none.</summary>
    public uint AnsweredSsrc => SsrcPattern().Match(Answer) is { Success: true } m ? uint.Parse(m.Groups[1].Value) : 0;

    public static string Offer(string fingerprint, bool publish, uint ssrc) => string.Join("\r\n",
        "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0",
        $"a=ice-ufrag:{Ufrag}", $"a=ice-pwd:{Pwd}", $"a=fingerprint:sha-256 {fingerprint}", "a=setup:actpass",
        "a=mid:0", publish ? "a=sendonly" : "a=recvonly", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
        publish ? $"a=ssrc:{ssrc} cname:synthetic" : TransportCcExtmap, "");

    /// <summary>Subscribers offer transport-wide congestion control, as Chromium does: the relay stamps what it sends them.</summary>
    public const string TransportCcExtmap = "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Negotiates through <paramref name="negotiate"/> (offer in, answer out) and completes ICE and DTLS.</summary>
    public static Task<SyntheticPeer> ConnectAsync(IPEndPoint relay, Func<string, string> negotiate, bool publish, uint ssrc, TimeSpan timeout) =>
        ConnectAsync(relay, negotiate, fingerprint => Offer(fingerprint, publish, ssrc), timeout);

    /// <summary>
    /// The same with an offer of the caller's: <paramref name="offer"/> gets our certificate's fingerprint; the offer must
    /// carry <see cref="Ufrag"/> and <see cref="Pwd"/> as its ICE credentials.
    /// </summary>
    public static async Task<SyntheticPeer> ConnectAsync(IPEndPoint relay, Func<string, string> negotiate, Func<string, string> offer, TimeSpan timeout)
    {
        var peer = new SyntheticPeer(relay);
        peer.Answer = negotiate(offer(peer._certificate.Fingerprint));
        var ufrag = UfragPattern().Match(peer.Answer).Groups[1].Value;
        var pwd = PwdPattern().Match(peer.Answer).Groups[1].Value;
        peer.BindingRequest = StunTestClient.BuildRequest($"{ufrag}:{Ufrag}", pwd, useCandidate: true);
        peer.Send(peer.BindingRequest);
        await peer.Client.ReceiveAsync(timeout, "the answer to the synthetic peer's check");

        var dtls = new InMemoryDtlsClient(peer._certificate);
        await dtls.RunAsync(new UdpDatagramTransport(peer.Client), timeout);
        peer.Srtp = SrtpSession.FromDtlsKeyingMaterial(dtls.KeyingMaterial!, SrtpProfile.AesCm128HmacSha1_80, isServer: false);
        return peer;
    }

    public void Send(ReadOnlySpan<byte> datagram) => Client.Socket.Send(datagram, SocketFlags.None);

    public void Dispose()
    {
        Client.Dispose();
        Srtp?.Dispose();
        _certificate.Dispose();
    }

    [GeneratedRegex(@"a=ice-ufrag:(\S+)")]
    private static partial Regex UfragPattern();

    [GeneratedRegex(@"a=ice-pwd:(\S+)")]
    private static partial Regex PwdPattern();

    [GeneratedRegex(@"a=ssrc:(\d+) ")]
    private static partial Regex SsrcPattern();
}
