using System.Net;
using System.Text.RegularExpressions;
using Convene.Media.Dtls;
using Convene.Media.Relay;
using Convene.Media.Srtp;
using Convene.Media.Tests.Dtls;
using Convene.Media.Tests.Transport;

namespace Convene.Media.Tests.Relay;

/// <summary>
/// A headless publisher of our own over loopback UDP: a hand-written offer (Opus, one SSRC), an ICE check with
/// USE-CANDIDATE, a BouncyCastle DTLS client handshake, then SRTP with the exported keys (client role).
/// </summary>
internal sealed partial class SyntheticPublisher : IDisposable
{
    public const string Ufrag = "fuzz";
    public const string Pwd = "fuzzpasswordfuzzpassword";
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate("synthetic");

    private SyntheticPublisher(IPEndPoint relay) => Client = new StunTestClient(relay);

    public StunTestClient Client { get; }

    public SrtpSession Srtp { get; private set; } = null!;

    public byte[] BindingRequest { get; private set; } = [];

    public static string Offer(string fingerprint, uint ssrc) => string.Join("\r\n",
        "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0",
        $"a=ice-ufrag:{Ufrag}", $"a=ice-pwd:{Pwd}", $"a=fingerprint:sha-256 {fingerprint}", "a=setup:actpass",
        "a=mid:0", "a=sendonly", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
        $"a=ssrc:{ssrc} cname:synthetic", "") ;

    /// <summary>Publishes <paramref name="streamKey"/> in <paramref name="room"/> and completes ICE and DTLS.</summary>
    public static async Task<SyntheticPublisher> ConnectAsync(MediaRelay relay, IRoomRelay room, string streamKey, uint ssrc, TimeSpan timeout)
    {
        var publisher = new SyntheticPublisher(relay.LocalEndPoint);
        var answer = room.Publish("synthetic", streamKey, Offer(publisher._certificate.Fingerprint, ssrc));
        var ufrag = UfragPattern().Match(answer).Groups[1].Value;
        var pwd = PwdPattern().Match(answer).Groups[1].Value;
        publisher.BindingRequest = StunTestClient.BuildRequest($"{ufrag}:{Ufrag}", pwd, useCandidate: true);
        publisher.Client.Send(publisher.BindingRequest);
        await publisher.Client.ReceiveAsync(timeout, "the answer to the synthetic publisher's check");

        var dtls = new InMemoryDtlsClient(publisher._certificate);
        await dtls.RunAsync(new UdpDatagramTransport(publisher.Client), timeout);
        publisher.Srtp = SrtpSession.FromDtlsKeyingMaterial(dtls.KeyingMaterial!, SrtpProfile.AesCm128HmacSha1_80, isServer: false);
        return publisher;
    }

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
}
