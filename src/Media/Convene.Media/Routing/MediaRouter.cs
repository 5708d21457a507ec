using Convene.Media.Relay;
using Convene.Media.Rtcp;
using Convene.Media.Rtp;

namespace Convene.Media.Routing;

/// <summary>
/// The forwarding core of one room (DESIGN.md §4): publishers' RTP in, rewritten copies out to subscribers,
/// RTCP terminated and regenerated. Knows nothing of sockets or grains; packets handed in are plain (already
/// SRTP-unprotected) and leave through <see cref="IMediaSender"/>. The per-packet path (<see cref="HandleRtp"/>,
/// <see cref="HandleSubscriberRtcp"/>) runs on one thread and does not allocate; tracks and subscriptions may be
/// added or removed from any thread (copy-on-write).
/// </summary>
public sealed class MediaRouter : IDisposable
{
    private readonly RouterOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _writeLock = new();
    private readonly byte[] _reportScratch = new byte[1500];
    private Dictionary<uint, TrackReceiver> _receivers = new();
    private Dictionary<uint, DownTrack> _downTracks = new();
    private Dictionary<uint, TrackReceiver> _repairs = new(); // publishers' RTX SSRCs (RFC 4588)
    private long _dropped;

    /// <summary>Creates a router.</summary>
    public MediaRouter(RouterOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new RouterOptions();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Packets and RTCP messages dropped: malformed, unknown SSRC, wrong payload type, too large.</summary>
    public long DroppedPackets => Interlocked.Read(ref _dropped);

    /// <summary>Registers a published track; its packets are then accepted by <see cref="HandleRtp"/>.</summary>
    /// <exception cref="InvalidOperationException">The SSRC is already published.</exception>
    public TrackReceiver AddTrack(TrackInfo info, IMediaSender publisher)
    {
        var receiver = new TrackReceiver(info, publisher, _options, _time);
        lock (_writeLock)
        {
            if (_receivers.ContainsKey(info.Ssrc) || _repairs.ContainsKey(info.Ssrc)
                || info.RtxSsrc != 0 && (info.RtxSsrc == info.Ssrc || _receivers.ContainsKey(info.RtxSsrc) || _repairs.ContainsKey(info.RtxSsrc)))
            {
                throw new InvalidOperationException($"SSRC {info.Ssrc} (or its RTX SSRC {info.RtxSsrc}) is already published.");
            }

            _receivers = new Dictionary<uint, TrackReceiver>(_receivers) { [info.Ssrc] = receiver };
            if (info.RtxSsrc != 0)
            {
                _repairs = new Dictionary<uint, TrackReceiver>(_repairs) { [info.RtxSsrc] = receiver };
            }
        }

        return receiver;
    }

    /// <summary>
    /// Binds an RTX SSRC learned from a packet's repaired-rtp-stream-id (RFC 8852 §3.2) to a registered track that has
    /// none yet (a simulcast layer: its RTX SSRC is not in the offer). False when the SSRC is taken or the track unknown.
    /// </summary>
    internal bool TryAddRepair(TrackReceiver receiver, uint rtxSsrc)
    {
        lock (_writeLock)
        {
            if (receiver.RepairSsrc != 0 || rtxSsrc == 0 || _receivers.ContainsKey(rtxSsrc) || _repairs.ContainsKey(rtxSsrc)
                || _downTracks.ContainsKey(rtxSsrc) || !_receivers.TryGetValue(receiver.Info.Ssrc, out TrackReceiver? registered) || registered != receiver)
            {
                return false;
            }

            receiver.RepairSsrc = rtxSsrc;
            _repairs = new Dictionary<uint, TrackReceiver>(_repairs) { [rtxSsrc] = receiver };
            return true;
        }
    }

    /// <summary>Unpublishes a track and its subscriptions. Dispose the receiver from the socket loop afterwards.</summary>
    public void RemoveTrack(TrackReceiver receiver)
    {
        lock (_writeLock)
        {
            var receivers = new Dictionary<uint, TrackReceiver>(_receivers);
            receivers.Remove(receiver.Info.Ssrc);
            if (receiver.RepairSsrc != 0)
            {
                var repairs = new Dictionary<uint, TrackReceiver>(_repairs);
                repairs.Remove(receiver.RepairSsrc);
                _repairs = repairs;
            }
            var downTracks = new Dictionary<uint, DownTrack>(_downTracks);
            foreach (DownTrack downTrack in receiver.DownTracks)
            {
                receiver.Remove(downTrack);
                if (downTrack.Receiver == receiver)
                {
                    downTracks.Remove(downTrack.Options.Ssrc);
                    downTrack.BeginSwitch(null)?.Remove(downTrack);
                }
                else
                {
                    downTrack.BeginSwitch(null); // it was only switching to this track
                }
            }

            _receivers = receivers;
            _downTracks = downTracks;
        }
    }

    /// <summary>
    /// Subscribes: forwards <paramref name="receiver"/> to <paramref name="subscriber"/>. A video down-track waits for a
    /// keyframe and asks the publisher for one (PLI) when the track's next packet is not a keyframe.
    /// </summary>
    /// <exception cref="InvalidOperationException">The down-track SSRC is already in use.</exception>
    public DownTrack Subscribe(TrackReceiver receiver, DownTrackOptions options, IMediaSender subscriber)
    {
        var downTrack = new DownTrack(receiver, options, subscriber, _options, _time);
        lock (_writeLock)
        {
            if (_downTracks.ContainsKey(options.Ssrc) || _receivers.ContainsKey(options.Ssrc) || _repairs.ContainsKey(options.Ssrc))
            {
                throw new InvalidOperationException($"SSRC {options.Ssrc} is already in use.");
            }

            _downTracks = new Dictionary<uint, DownTrack>(_downTracks) { [options.Ssrc] = downTrack };
            receiver.Add(downTrack);
        }

        // No PLI from here: this may be any thread, and the publisher's sender belongs to the socket loop. The
        // down-track asks (throttled) on the track's next packet that is not a keyframe.
        return downTrack;
    }

    /// <summary>
    /// Switches a down-track to another published track of the same kind, e.g. another simulcast layer. The current
    /// layer keeps flowing until <paramref name="receiver"/> delivers a keyframe (requested with a throttled PLI);
    /// sequence numbers stay continuous and timestamps follow wallclock time across the switch. Switching back to the
    /// current layer cancels a pending switch.
    /// </summary>
    public void SwitchReceiver(DownTrack downTrack, TrackReceiver receiver)
    {
        lock (_writeLock)
        {
            TrackReceiver? previous = downTrack.BeginSwitch(receiver);
            if (previous is not null && previous != receiver)
            {
                previous.Remove(downTrack);
            }

            if (receiver != downTrack.Receiver && previous != receiver)
            {
                receiver.Add(downTrack);
            }
        }
    }

    /// <summary>Ends a subscription.</summary>
    public void Unsubscribe(DownTrack downTrack)
    {
        lock (_writeLock)
        {
            downTrack.BeginSwitch(null)?.Remove(downTrack);
            downTrack.Receiver.Remove(downTrack);
            var downTracks = new Dictionary<uint, DownTrack>(_downTracks);
            downTracks.Remove(downTrack.Options.Ssrc);
            _downTracks = downTracks;
        }
    }

    /// <summary>
    /// Routes one plain RTP packet from a publisher. Never throws on bad input: it is counted in
    /// <see cref="DroppedPackets"/> and false is returned (the relay counts it from the result, not by reading the total).
    /// </summary>
    /// <remarks>The packet is not modified; it is a <see cref="Span{T}"/> only because <see cref="RtpPacket"/> is a writable view.</remarks>
    public bool HandleRtp(Span<byte> packet)
    {
        if (packet.Length > _options.MaxPacketSize || !RtpPacket.TryParse(packet, out RtpPacket rtp))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        if (!Volatile.Read(ref _receivers).TryGetValue(rtp.Ssrc, out TrackReceiver? receiver)
            || rtp.PayloadType != receiver.Info.PayloadType)
        {
            if (Volatile.Read(ref _repairs).TryGetValue(rtp.Ssrc, out TrackReceiver? repaired) && rtp.PayloadType == repaired.Info.RtxPayloadType)
            {
                repaired.ReceiveRetransmission(packet); // RFC 4588 §4: the publisher's RTX stream (padding-only ones end there)
                return true;
            }

            Interlocked.Increment(ref _dropped);
            return false;
        }

        int payloadLength = packet.Length - rtp.HeaderLength - rtp.PaddingLength;
        receiver.Receive(packet, rtp.SequenceNumber, rtp.Timestamp, rtp.HeaderLength, payloadLength);
        return true;
    }

    /// <summary>
    /// Handles a subscriber's (compound) RTCP in one walk, by packet type: PLI and FIR become a throttled PLI to the
    /// publisher; NACKs are answered from the cache; transport-wide feedback (RTPFB FMT 15) goes to the subscriber's
    /// <paramref name="congestion"/> control when it has one; RR, SDES, BYE and REMB end here. Returns what was asked
    /// for, for the relay's counters (a malformed compound is also counted in <see cref="DroppedPackets"/>).
    /// </summary>
    public SubscriberFeedback HandleSubscriberRtcp(ReadOnlySpan<byte> compound, TransportWideSequencer? congestion = null)
    {
        Dictionary<uint, DownTrack> downTracks = Volatile.Read(ref _downTracks);
        int nacks = 0, keyframeRequests = 0;
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            uint media;
            switch (packet.Type)
            {
                case RtcpPacketType.PayloadFeedback
                    when PictureLossIndication.TryRead(packet, out _, out media) || FullIntraRequest.TryRead(packet, out _, out media, out _):
                    keyframeRequests++;
                    if (downTracks.TryGetValue(media, out DownTrack? keyframeTarget))
                    {
                        keyframeTarget.Receiver.RequestKeyframe();
                    }

                    break;
                case RtcpPacketType.TransportFeedback when GenericNack.TryRead(packet, out _, out media, out _):
                    nacks++;
                    if (downTracks.TryGetValue(media, out DownTrack? nackTarget))
                    {
                        nackTarget.HandleNack(packet);
                    }

                    break;
                case RtcpPacketType.TransportFeedback:
                    congestion?.HandleFeedback(packet);
                    break;
            }
        }

        if (reader.IsMalformed)
        {
            Interlocked.Increment(ref _dropped);
        }

        return new SubscriberFeedback(nacks, keyframeRequests, reader.IsMalformed);
    }

    /// <summary>
    /// Handles a publisher's (compound) RTCP: SRs feed LSR/DLSR of our RRs, XR DLRR the RTT to it; the rest ends here.
    /// Returns false when the compound was malformed (what was read before the fault is used; counted in <see cref="DroppedPackets"/>).
    /// </summary>
    public bool HandlePublisherRtcp(ReadOnlySpan<byte> compound)
    {
        Dictionary<uint, TrackReceiver> receivers = Volatile.Read(ref _receivers);
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            if (SenderReport.TryRead(packet, out SenderInfo info) && receivers.TryGetValue(info.Ssrc, out TrackReceiver? receiver))
            {
                receiver.OnSenderReport(info);
            }
            else if (ExtendedReport.TryReadDlrr(packet, _options.RtcpSenderSsrc, out uint lrr, out uint dlrr)
                && receivers.TryGetValue(packet.SenderSsrc, out receiver))
            {
                receiver.OnDelaySinceLastReceiverReport(lrr, dlrr); // RFC 3611 §4.5: the RTT to the publisher
            }
        }

        if (reader.IsMalformed)
        {
            Interlocked.Increment(ref _dropped);
        }

        return !reader.IsMalformed;
    }

    /// <summary>
    /// Sends an RR per published track to its publisher and an SR (+ SDES) per down-track to its subscriber.
    /// Call from the socket loop's timer (see <see cref="StartReports"/>).
    /// </summary>
    public void SendReports()
    {
        foreach (TrackReceiver receiver in Volatile.Read(ref _receivers).Values)
        {
            receiver.SendReceiverReport(_reportScratch);
        }

        foreach (DownTrack downTrack in Volatile.Read(ref _downTracks).Values)
        {
            downTrack.SendSenderReport(_reportScratch);
        }
    }

    /// <summary>
    /// The clock's work for the published tracks (call on the socket loop, every tick): NACK retries to publishers that
    /// fell due while no packet of the track arrived (RFC 4585 §6.2.1), and the keyframe request when one is given up.
    /// </summary>
    public void OnTick()
    {
        foreach (TrackReceiver receiver in Volatile.Read(ref _receivers).Values)
        {
            receiver.OnTick();
        }
    }

    /// <summary>
    /// Starts a timer on the router's <see cref="TimeProvider"/> that calls <paramref name="callback"/> every
    /// <paramref name="period"/>; the callback should marshal onto the socket loop and call <see cref="SendReports"/>.
    /// </summary>
    public ITimer StartReports(TimeSpan period, Action callback) =>
        _time.CreateTimer(static state => ((Action)state!)(), callback, period, period);

    /// <summary>Returns every track's cache buffers to the pool.</summary>
    public void Dispose()
    {
        foreach (TrackReceiver receiver in Volatile.Read(ref _receivers).Values)
        {
            receiver.Dispose();
        }
    }
}
