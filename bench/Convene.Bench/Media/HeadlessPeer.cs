using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Convene.Media.Dtls;
using Convene.Media.Relay;
using Convene.Media.Srtp;
using Convene.Media.Stun;
using Org.BouncyCastle.Tls;
using Convene.Media.Tests.Dtls;

namespace Convene.Bench.Media;

/// <summary>
/// A lightweight WebRTC peer of our own over loopback UDP: a hand-written offer (VP8 video, sendonly or recvonly), one
/// ICE check with USE-CANDIDATE, a BouncyCastle DTLS client handshake, then SRTP with the exported keys.
/// </summary>
internal sealed partial class HeadlessPeer : IDisposable
{
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate("bench");
    private readonly string _ufrag = "b" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
    private readonly string _pwd = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    public HeadlessPeer(IPEndPoint relay)
    {
        Socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Socket.Connect(relay);
    }

    public Socket Socket { get; }

    public SrtpSession Srtp { get; private set; } = null!;

    /// <summary>
    /// The offer; <paramref name="transportCc"/> adds the transport-cc header extension (as Chromium offers it), so the
    /// relay stamps every packet it sends this peer with a transport-wide sequence number.
    /// </summary>
    public string Offer(bool publish, uint ssrc, bool transportCc = false) => string.Join("\r\n",
        "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
        "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0",
        $"a=ice-ufrag:{_ufrag}", $"a=ice-pwd:{_pwd}", $"a=fingerprint:sha-256 {_certificate.Fingerprint}", "a=setup:actpass",
        "a=mid:0", publish ? "a=sendonly" : "a=recvonly", "a=rtcp-mux", "a=rtpmap:96 VP8/90000",
        transportCc ? "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01" : "",
        publish ? $"a=ssrc:{ssrc} cname:bench" : "", "");

    /// <summary>Sends the check the answer's credentials call for, then runs the DTLS handshake.</summary>
    public void Connect(string answer)
    {
        var ufrag = UfragPattern().Match(answer).Groups[1].Value;
        var pwd = PwdPattern().Match(answer).Groups[1].Value;
        var request = new byte[256];
        var writer = new StunWriter(request, StunConstants.BindingRequest, RandomNumberGenerator.GetBytes(12));
        writer.AddAttribute(StunAttributeType.Username, Encoding.UTF8.GetBytes($"{ufrag}:{_ufrag}"));
        writer.AddUInt64(StunAttributeType.IceControlling, 1);
        writer.AddUInt32(StunAttributeType.Priority, 0x6e0001ff);
        writer.AddFlag(StunAttributeType.UseCandidate);
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(pwd));
        writer.AddFingerprint();
        Socket.Send(request.AsSpan(0, writer.Length));
        Socket.ReceiveTimeout = 5000;
        var response = new byte[1500];
        Socket.Receive(response); // the Binding success response

        var client = new DtlsTestClient(_certificate);
        new DtlsClientProtocol().Connect(client, new ConnectedUdpTransport(Socket));
        Srtp = SrtpSession.FromDtlsKeyingMaterial(client.KeyingMaterial!, SrtpProfile.AesCm128HmacSha1_80, isServer: false);
    }

    public void Dispose()
    {
        Socket.Dispose();
        Srtp?.Dispose();
        _certificate.Dispose();
    }

    [GeneratedRegex(@"a=ice-ufrag:(\S+)")]
    private static partial Regex UfragPattern();

    [GeneratedRegex(@"a=ice-pwd:(\S+)")]
    private static partial Regex PwdPattern();
}
