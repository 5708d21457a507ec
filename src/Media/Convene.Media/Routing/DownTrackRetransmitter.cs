using Convene.Media.Relay;
using Convene.Media.Rtcp;

namespace Convene.Media.Routing;

/// <summary>
/// Answers one down-track's NACKs (RFC 4585 §6.2.1) from the publisher's packet cache: remembers what went out under
/// each of the down-track's sequence numbers (and from which layer), and resends it as RTX (RFC 4588 §4, on the
/// down-track's RTX SSRC) or, without RTX, on the media SSRC. With RTX an answer is sent
/// <see cref="RouterOptions.RetransmissionCopies"/> times, the copies after the next forwarded packets; one copy
/// more (three at most) when the packet is NACKed again (every copy of the last answer was lost) or when the
/// subscriber NACKs much of what it is sent (<see cref="NackedShare"/>: ≥ 8 % of the last 128 packets) — the
/// receiver repeats a NACK only after 100 ms, so each lost round is a late frame.
/// Socket loop only; no allocation.
/// </summary>
internal sealed class DownTrackRetransmitter
{
    private readonly DownTrack _track;
    private readonly IMediaSender _subscriber;
    private readonly SentPacket[] _sent;
    private readonly int _sentMask;
    private readonly RepeatQueue _repeats = new();
    private readonly RepeatQueue _laterRepeats = new();
    private readonly bool _rtx;
    private readonly int _copies;
    private ushort _rtxSeq;
    private readonly NackedShare _nackedShare = new();

    public DownTrackRetransmitter(DownTrack track, IMediaSender subscriber, RouterOptions options)
    {
        _track = track;
        _subscriber = subscriber;
        int capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, options.NackCacheSize));
        _sent = new SentPacket[capacity];
        _sentMask = capacity - 1;
        _rtx = track.Options.RtxPayloadType != 0;
        _copies = _rtx ? Math.Clamp(options.RetransmissionCopies, 1, 3) : 1;
        _rtxSeq = (ushort)Random.Shared.Next(1, 0x8000);
    }

    public long Retransmissions { get; private set; }

    public long RtxSent { get; private set; }

    public long RtxRepeated { get; private set; }

    public long NackMisses { get; private set; }

    public bool HasRepeats => _repeats.Count > 0 || _laterRepeats.Count > 0;

    /// <summary>True while the subscriber NACKs much of what it is sent (<see cref="NackedShare.High"/>).</summary>
    public bool HighLoss => _nackedShare.High;

    /// <summary>Records that <paramref name="outSeq"/> carried <paramref name="from"/>'s packet <paramref name="seq"/>.</summary>
    public void OnSent(ushort outSeq, ushort seq, uint outTs, TrackReceiver from)
    {
        _sent[outSeq & _sentMask] = new SentPacket(outSeq, seq, outTs, from, Answered: false);
        _nackedShare.OnSent();
    }

    /// <summary>Answers a generic NACK about the down-track's SSRC.</summary>
    public void HandleNack(RtcpPacket nack)
    {
        if (!GenericNack.TryRead(nack, out _, out _, out int pairs))
        {
            return;
        }

        Span<ushort> lost = stackalloc ushort[17];
        for (int i = 0; i < pairs; i++)
        {
            int n = GenericNack.GetPair(nack, i).GetLostSequenceNumbers(lost);
            for (int k = 0; k < n; k++)
            {
                bool again = WasAnswered(lost[k]);
                if (!again)
                {
                    _nackedShare.OnNacked();
                }

                if (Resend(lost[k]))
                {
                    Retransmissions++;
                    int copies = _copies > 1 && (again || _nackedShare.High) ? Math.Min(3, _copies + 1) : _copies;
                    if (copies > 1)
                    {
                        _repeats.Add(lost[k]);
                    }

                    if (copies > 2)
                    {
                        _laterRepeats.Add(lost[k]);
                    }
                }
                else
                {
                    NackMisses++; // a packet the relay lost itself comes later through the publisher's retransmission
                }
            }
        }
    }

    /// <summary>
    /// Sends the copies of the last retransmissions due now (<see cref="RouterOptions.RetransmissionCopies"/>): the
    /// second copies, and moves the third ones up to leave with the next forwarded packet.
    /// </summary>
    public void SendRepeats()
    {
        while (_repeats.TryTake(out ushort outSeq))
        {
            if (Resend(outSeq))
            {
                RtxRepeated++;
            }
        }

        while (_laterRepeats.TryTake(out ushort outSeq))
        {
            _repeats.Add(outSeq);
        }
    }

    private bool WasAnswered(ushort outSeq)
    {
        ref SentPacket entry = ref _sent[outSeq & _sentMask];
        return entry.OutSeq == outSeq && entry.Answered;
    }

    private bool Resend(ushort outSeq)
    {
        ref SentPacket entry = ref _sent[outSeq & _sentMask];
        if (entry.Source is not { } source || entry.OutSeq != outSeq || !source.TryGetCached(entry.OriginalSeq, out ReadOnlySpan<byte> cached))
        {
            return false;
        }

        entry.Answered = true;
        return _rtx ? SendRtx(cached, entry.OutSeq, entry.OutTimestamp) : _track.Send(cached, entry.OutSeq, entry.OutTimestamp);
    }

    // RFC 4588 §4.1: the rewritten packet, written as RTX with our RTX SSRC, the subscriber's rtx payload type and the next
    // number of the RTX sequence; not counted in the media SSRC's SR (it is another SSRC).
    private bool SendRtx(ReadOnlySpan<byte> packet, ushort outSeq, uint outTs)
    {
        var rewrite = new RtpRewrite(_track.Options.RtxSsrc, _track.Options.RtxPayloadType, _rtxSeq, outTs, OriginalSequence: outSeq);
        int length = _track.Write(packet, rewrite, out bool stamped, out _);
        if (length == 0)
        {
            return false;
        }

        _rtxSeq++;
        RtxSent++;
        _subscriber.CommitRtp(length, stamped);
        return true;
    }

    /// <summary>What went out under a sequence number, to answer NACKs from the right layer's cache.</summary>
    private record struct SentPacket(ushort OutSeq, ushort OriginalSeq, uint OutTimestamp, TrackReceiver? Source, bool Answered);
}
