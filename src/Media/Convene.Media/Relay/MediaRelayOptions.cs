using System.Net;

namespace Convene.Media.Relay;

/// <summary>Configuration of the silo's media relay.</summary>
public sealed class MediaRelayOptions
{
    /// <summary>
    /// The address to bind. Prefer the advertised address over 0.0.0.0: a wildcard-bound socket may answer ICE checks
    /// from another interface, which browsers reject (RFC 8445 §7.2.5.2.1; see MediaTransportOptions).
    /// </summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The UDP port; 0 picks an ephemeral one.</summary>
    public int Port { get; set; }

    /// <summary>The address written in answers' host candidates; the bind address when null.</summary>
    public IPAddress? AdvertisedAddress { get; set; }

    /// <summary>How often RTCP reports (an SR per down-track, an RR per published track, REMB) are sent (default 1 s).</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Loss recovery beyond answering NACKs from the cache (default on): negotiate RTX (RFC 4588) with publishers and
    /// subscribers, answer subscribers' NACKs as RTX, and NACK publishers for what the relay itself lost. Off: answers
    /// carry no rtx, retransmissions reuse the media SSRC, and the relay's own losses wait for a keyframe.
    /// </summary>
    public bool LossRecovery { get; set; } = true;

    /// <summary>
    /// The playout delay a subscriber's browser is asked to keep while its link loses video packets (default 250 ms;
    /// zero turns it off). With loss recovery, a lost packet comes back after a NACK round trip — two when the
    /// retransmission is lost too, and a receive-only Chromium repeats a NACK only after 100 ms — which is longer than
    /// the few tens of milliseconds a browser buffers on a clean link: the frame is late and the picture freezes. Sent as
    /// the playout-delay header extension (maximum 10 s) on the video of subscribers that negotiated it: minimum = this
    /// while the subscriber NACKs ≥ 8 % of its packets, 40 % of it while it NACKs less, from its first NACK until
    /// <see cref="Routing.RouterOptions.LossMemory"/> passes without one (then minimum 0). It rises by 10 ms every
    /// 100 ms (a browser taking the whole step at once would hold its next frames that long).
    /// </summary>
    public TimeSpan PlayoutDelayUnderLoss { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Send what one received packet produces (its copies to every subscriber, the RTCP of a report tick) together:
    /// one <c>sendmmsg(2)</c> per batch on 64-bit Linux (default on). Off, or where <c>sendmmsg</c> is missing, each
    /// datagram is one <c>sendto</c>, sent as soon as it is protected.
    /// </summary>
    public bool BatchedSends { get; set; } = true;

    /// <summary>RFC 7675 §5.1 consent timeout of the peers (default 30 s).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
