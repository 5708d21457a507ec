using System.Text;
using Convene.Media.Relay;
using Convene.Media.Rtcp;

namespace Convene.Media.Routing;

/// <summary>
/// One subscriber's copy of a published track. Rewrites SSRC, payload type, sequence number, timestamp and header
/// extension ids, and sends through the subscriber's <see cref="IMediaSender"/>. Sequence numbers stay continuous
/// across pauses (only forwarded packets consume numbers); timestamps advance by the wallclock time of a pause.
/// Video starts, resumes and switches simulcast layers on a keyframe. Forwarding and NACK handling run on the socket loop; pause and resume
/// may be called from any thread.
/// </summary>
public sealed class DownTrack
{
    private const int RebaseGuard = 16384;

    private readonly Lock _switchLock = new();
    private volatile TrackReceiver _receiver;
    private volatile TrackReceiver? _target;
    private readonly IMediaSender _subscriber;
    private readonly TimeProvider _time;
    private readonly byte[] _extensionMap;
    private readonly byte[] _cname;
    private readonly DownTrackRetransmitter _retransmitter;
    private volatile bool _paused;
    private volatile bool _needsRebase = true;
    private bool _hasSent;
    private ushort _seqOffset;
    private uint _tsOffset;
    private ushort _rebaseSeq;
    private ushort _lastOutSeq;
    private uint _lastOutTs;
    private long _lastSendTimestamp;
    private uint _packetCount;
    private uint _octetCount;
    private readonly PlayoutDelayRamp? _playoutDelay;

    internal DownTrack(TrackReceiver receiver, DownTrackOptions options, IMediaSender subscriber, RouterOptions routerOptions, TimeProvider time)
    {
        _receiver = receiver;
        _subscriber = subscriber;
        _time = time;
        Options = options;
        _extensionMap = options.ExtensionIdMap ?? [];
        int lossyUnits = (int)Math.Clamp(routerOptions.PlayoutDelayUnderLoss.TotalMilliseconds / 10, 0, ForwardedRtpWriter.PlayoutDelayMaxUnits);
        _playoutDelay = options.PlayoutDelayExtensionId is > 0 and <= 14 && lossyUnits > 0
            ? new PlayoutDelayRamp(lossyUnits, routerOptions.LossMemory, time)
            : null;
        _cname = Encoding.UTF8.GetBytes(options.Cname);
        _retransmitter = new DownTrackRetransmitter(this, subscriber, routerOptions);
        _lastOutSeq = (ushort)Random.Shared.Next(1, 0x8000);
        _lastOutTs = (uint)Random.Shared.Next();
    }

    /// <summary>What the subscriber negotiated.</summary>
    public DownTrackOptions Options { get; }

    /// <summary>The published track (or simulcast layer) this down-track copies.</summary>
    public TrackReceiver Receiver => _receiver;

    /// <summary>The layer this down-track switches to on its next keyframe, if a switch is pending.</summary>
    public TrackReceiver? PendingReceiver => _target;

    /// <summary>True while paused (muted or audio-only subscription).</summary>
    public bool IsPaused => _paused;

    /// <summary>RTP packets sent (retransmissions included).</summary>
    public uint PacketsSent => _packetCount;

    /// <summary>Packets answered from the cache after a NACK.</summary>
    public long Retransmissions => _retransmitter.Retransmissions;

    /// <summary>Of <see cref="Retransmissions"/>, those sent as RTX (RFC 4588) on <see cref="DownTrackOptions.RtxSsrc"/>.</summary>
    public long RtxSent => _retransmitter.RtxSent;

    /// <summary>Of <see cref="RtxSent"/>, the repeated copies (<see cref="RouterOptions.RetransmissionCopies"/>).</summary>
    public long RtxRepeated => _retransmitter.RtxRepeated;

    /// <summary>NACKed packets the relay could not answer (not cached: too old, or still missing upstream).</summary>
    public long NackMisses => _retransmitter.NackMisses;

    /// <summary>
    /// The minimum playout delay last asked of the subscriber (<see cref="RouterOptions.PlayoutDelayUnderLoss"/> while it
    /// NACKs much, 40 % of it while it NACKs a little, zero otherwise or when the extension was not negotiated).
    /// </summary>
    public TimeSpan PlayoutDelay => TimeSpan.FromMilliseconds((_playoutDelay?.Current ?? 0) * 10);

    /// <summary>Stops forwarding.</summary>
    public void Pause() => _paused = true;

    /// <summary>Resumes forwarding with no gap in sequence numbers; video waits for (and requests) a keyframe.</summary>
    public void Resume()
    {
        if (!_paused)
        {
            return;
        }

        _needsRebase = true;
        _paused = false; // video: the next non-keyframe packet asks the publisher for a keyframe (socket loop)
    }

    /// <summary>Forwards one cached packet of <paramref name="from"/> (called by <see cref="TrackReceiver"/> on the socket loop).</summary>
    internal void Forward(TrackReceiver from, ReadOnlySpan<byte> packet, ushort seq, uint timestamp, bool keyframe)
    {
        if (_paused)
        {
            return;
        }

        if (_retransmitter.HasRepeats)
        {
            _retransmitter.SendRepeats();
        }

        TrackReceiver? target = _target;
        if (target is not null && from == target)
        {
            // Simulcast: keep the old layer flowing until the new one delivers a keyframe, then switch.
            if (!keyframe)
            {
                target.RequestKeyframe(); // throttled
                return;
            }

            if (!CompleteSwitch(target))
            {
                return;
            }
        }

        if (from != _receiver)
        {
            return;
        }

        if (_needsRebase)
        {
            if (_receiver.Info.Kind == MediaKind.Video && !keyframe)
            {
                _receiver.RequestKeyframe(); // throttled
                return;
            }

            Rebase(seq, timestamp);
        }
        else
        {
            short sinceRebase = (short)(seq - _rebaseSeq);
            if (sinceRebase < 0)
            {
                return; // older than where this down-track (re)started: its number was never reserved
            }

            if (sinceRebase > RebaseGuard)
            {
                _rebaseSeq = (ushort)(seq - RebaseGuard); // slide the guard so the 16-bit comparison never wraps
            }
        }

        ushort outSeq = (ushort)(seq + _seqOffset);
        uint outTs = timestamp + _tsOffset;
        if (!Send(packet, outSeq, outTs))
        {
            return;
        }

        _retransmitter.OnSent(outSeq, seq, outTs, from);
        if (!_hasSent || (short)(outSeq - _lastOutSeq) > 0)
        {
            _lastOutSeq = outSeq;
            _lastOutTs = outTs;
            _lastSendTimestamp = _time.GetTimestamp();
        }

        _hasSent = true;
    }

    /// <summary>Answers a generic NACK (RFC 4585 §6.2.1) about our SSRC from the publisher's packet cache.</summary>
    internal void HandleNack(RtcpPacket nack)
    {
        _playoutDelay?.OnNack();
        _retransmitter.HandleNack(nack);
    }

    /// <summary>
    /// Writes an SR for this down-track (RFC 3550 §6.4.1: our packet/octet counts and the NTP↔RTP mapping of now),
    /// followed by an SDES CNAME if one was configured. Returns the length, 0 before the first packet.
    /// </summary>
    public int WriteSenderReport(Span<byte> destination)
    {
        if (!_hasSent)
        {
            return 0;
        }

        TimeSpan sinceLast = _time.GetElapsedTime(_lastSendTimestamp);
        uint rtpNow = _lastOutTs + (uint)(sinceLast.TotalSeconds * _receiver.Info.ClockRate);
        var info = new SenderInfo(Options.Ssrc, NtpTime.From(_time.GetUtcNow()), rtpNow, _packetCount, _octetCount);
        int length = SenderReport.Write(destination, info, ReadOnlySpan<ReportBlock>.Empty);
        if (length > 0 && _cname.Length > 0)
        {
            int sdes = SourceDescription.WriteCname(destination[length..], Options.Ssrc, _cname);
            length = sdes > 0 ? length + sdes : length;
        }

        return length;
    }

    internal void SendSenderReport(Span<byte> scratch)
    {
        int length = WriteSenderReport(scratch);
        if (length > 0)
        {
            _subscriber.SendRtcp(scratch[..length]);
        }
    }

    /// <summary>
    /// Sets the layer to switch to on its next keyframe (null or the current layer cancels a pending switch).
    /// Returns the previously pending layer, which the caller unhooks.
    /// </summary>
    internal TrackReceiver? BeginSwitch(TrackReceiver? target)
    {
        lock (_switchLock)
        {
            TrackReceiver? previous = _target;
            _target = target == _receiver ? null : target;
            return previous;
        }
    }

    private bool CompleteSwitch(TrackReceiver target)
    {
        TrackReceiver old;
        lock (_switchLock)
        {
            if (_target != target)
            {
                return false;
            }

            old = _receiver;
            _receiver = target;
            _target = null;
            _needsRebase = true;
        }

        old.Remove(this);
        return true;
    }

    private void Rebase(ushort seq, uint timestamp)
    {
        uint nextTs = _lastOutTs + 1;
        if (_hasSent)
        {
            double paused = _time.GetElapsedTime(_lastSendTimestamp).TotalSeconds;
            nextTs = _lastOutTs + Math.Max(1u, (uint)(paused * _receiver.Info.ClockRate));
        }

        _seqOffset = (ushort)(_lastOutSeq + 1 - seq);
        _tsOffset = nextTs - timestamp;
        _rebaseSeq = seq;
        _needsRebase = false;
    }

    /// <summary>Sends <paramref name="packet"/> rewritten under <paramref name="outSeq"/> on the media SSRC (counted in the SR).</summary>
    internal bool Send(ReadOnlySpan<byte> packet, ushort outSeq, uint outTs)
    {
        int length = Write(packet, new RtpRewrite(Options.Ssrc, Options.PayloadType, outSeq, outTs), out bool stamped, out int payloadLength);
        if (length == 0)
        {
            return false;
        }

        _packetCount++;
        _octetCount += (uint)payloadLength;
        _subscriber.CommitRtp(length, stamped);
        return true;
    }

    /// <summary>
    /// Writes the publisher's packet as this subscriber sees it — our SSRC (or RTX's), its payload type, our numbering,
    /// its extension ids, the playout delay once it NACKed — straight into the sender's next slot, for
    /// <see cref="IMediaSender.CommitRtp"/>. Returns the length, 0 when nothing was written.
    /// </summary>
    internal int Write(ReadOnlySpan<byte> packet, in RtpRewrite rewrite, out bool stamped, out int payloadLength)
    {
        // The playout-delay element goes on every packet once the subscriber has NACKed (Chromium takes it from a
        // frame's first packet).
        int playoutDelay = _playoutDelay is { LossSeen: true } delay ? delay.Next(_retransmitter.HighLoss) : -1;
        return ForwardedRtpWriter.Write(
            packet, _subscriber.ReserveRtp(), rewrite, _extensionMap, Options.PlayoutDelayExtensionId, playoutDelay, out stamped, out payloadLength);
    }
}
