using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Convene.Media.Dtls;
using Convene.Media.Stun;
using Convene.Media.Tests.Dtls;
using Org.BouncyCastle.Tls;

namespace Convene.Grains.Tests.Calls;

/// <summary>
/// A browser's media peer as the relay sees it, over loopback UDP: a hand-written Opus offer (sendonly or recvonly), an
/// ICE check with USE-CANDIDATE to the answer's host candidate, a BouncyCastle DTLS client handshake. It repeats its
/// check every 0.5 s — ICE consent, RFC 7675 §5.1 — until <see cref="StopConsentAsync"/>: then the relay's consent
/// runs out, as when the browser behind it vanished.
/// </summary>
internal sealed partial class RelayTestPeer : IAsyncDisposable
{
    private static readonly TimeSpan ConsentInterval = TimeSpan.FromMilliseconds(500);

    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate("call-test");
    private readonly string _ufrag = "t" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
    private readonly string _pwd = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stopConsent = new();
    private Task _consent = Task.CompletedTask;
    private string _username = "";
    private string _password = "";

    /// <summary>When the last consent check was sent (before sending: the relay's own stamp is no earlier).</summary>
    public DateTimeOffset LastCheck { get; private set; }

    /// <summary>
    /// Offers through <paramref name="negotiate"/> (offer in, answer out), then checks and keeps checking the answer's
    /// candidate and completes DTLS within <paramref name="timeout"/>: the relay reports this peer connected.
    /// </summary>
    public static async Task<RelayTestPeer> ConnectAsync(Func<string, Task<string>> negotiate, bool publish, TimeSpan timeout)
    {
        var peer = new RelayTestPeer();
        try
        {
            var answer = await negotiate(peer.Offer(publish));
            var candidate = CandidatePattern().Match(answer);
            Assert.True(candidate.Success, $"a host candidate in the answer; found:\n{answer}");
            peer._socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            peer._socket.Connect(new IPEndPoint(IPAddress.Parse(candidate.Groups[1].Value), int.Parse(candidate.Groups[2].Value)));
            peer._username = $"{UfragPattern().Match(answer).Groups[1].Value}:{peer._ufrag}";
            peer._password = PwdPattern().Match(answer).Groups[1].Value;
            peer._consent = peer.KeepConsentAsync(peer._stopConsent.Token); // the first check goes out now

            var client = new DtlsTestClient(peer._certificate);
            var transport = new UdpDtlsTransport(peer._socket);
            await Task.Factory.StartNew(
                    () => new DtlsClientProtocol().Connect(client, transport),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                .WaitAsync(timeout);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the consent checks (the browser is gone); returns when the last one was sent.</summary>
    public async Task<DateTimeOffset> StopConsentAsync()
    {
        await _stopConsent.CancelAsync();
        await _consent;
        return LastCheck;
    }

    private string Offer(bool publish) => string.Join("\r\n",
        "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0",
        $"a=ice-ufrag:{_ufrag}", $"a=ice-pwd:{_pwd}", $"a=fingerprint:sha-256 {_certificate.Fingerprint}", "a=setup:actpass",
        "a=mid:0", publish ? "a=sendonly" : "a=recvonly", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
        publish ? $"a=ssrc:{RandomNumberGenerator.GetInt32(1, int.MaxValue)} cname:call-test" : "", "");

    private async Task KeepConsentAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(ConsentInterval);
        try
        {
            do
            {
                LastCheck = DateTimeOffset.UtcNow;
                SendCheck();
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A Binding request as a controlling browser sends it (RFC 8445 §7.2.2), nominating this pair.</summary>
    private void SendCheck()
    {
        var request = new byte[256];
        var writer = new StunWriter(request, StunConstants.BindingRequest, RandomNumberGenerator.GetBytes(12));
        writer.AddAttribute(StunAttributeType.Username, Encoding.UTF8.GetBytes(_username));
        writer.AddUInt64(StunAttributeType.IceControlling, 1);
        writer.AddUInt32(StunAttributeType.Priority, 0x6e0001ff);
        writer.AddFlag(StunAttributeType.UseCandidate);
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(_password));
        writer.AddFingerprint();
        _socket.Send(request.AsSpan(0, writer.Length), SocketFlags.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopConsentAsync();
        _socket.Dispose();
        _certificate.Dispose();
        _stopConsent.Dispose();
    }

    [GeneratedRegex(@"a=candidate:\S+ \d+ udp \d+ (\S+) (\d+) typ host")]
    private static partial Regex CandidatePattern();

    [GeneratedRegex(@"a=ice-ufrag:(\S+)")]
    private static partial Regex UfragPattern();

    [GeneratedRegex(@"a=ice-pwd:(\S+)")]
    private static partial Regex PwdPattern();
}
