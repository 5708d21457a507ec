using System.Buffers.Binary;
using Convene.Media.Rtcp;
using Convene.Media.Rtp;

namespace Convene.Media.Routing;

/// <summary>
/// Transport-wide congestion control towards one subscriber peer (draft-holmer-rmcat-transport-wide-cc-extensions-01):
/// stamps every RTP packet we send on the peer's transport with the next transport-wide sequence number (§2: the
/// header extension's 16-bit value, in the id the subscriber negotiated), remembers when each left and how big it
/// was, and turns the subscriber's feedback (RTPFB FMT 15, §3.1) into a <see cref="BandwidthEstimator"/> estimate.
/// Used on the socket loop only. No allocation per packet.
/// </summary>
public sealed class TransportWideSequencer
{
    private const int HistorySize = 4096; // > the packets of the longest feedback interval Chromium uses (~100 ms) at any rate we send
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly ushort[] _seqs = new ushort[HistorySize];
    private readonly long[] _sendUs = new long[HistorySize];
    private readonly int[] _sizes = new int[HistorySize];
    private ushort _next;

    /// <summary>Creates a sequencer writing extension element <paramref name="extensionId"/> (1–255).</summary>
    public TransportWideSequencer(byte extensionId, TimeProvider? time = null, BandwidthEstimator? estimator = null)
    {
        ExtensionId = extensionId;
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
        Estimator = estimator ?? new BandwidthEstimator();
        _sendUs.AsSpan().Fill(-1);
    }

    /// <summary>The header extension id of transport-cc on this peer.</summary>
    public byte ExtensionId { get; }

    /// <summary>The estimate of what the subscriber's link carries.</summary>
    public BandwidthEstimator Estimator { get; }

    /// <summary>Feedback messages read.</summary>
    public long FeedbackCount { get; private set; }

    /// <summary>The transport-wide sequence number the next packet sent gets (<see cref="OnSent"/> moves on).</summary>
    public ushort NextSequence => _next;

    /// <summary>
    /// Adds the transport-wide sequence number to the plain RTP packet in <c>buffer[..length]</c> (growing it; see
    /// <see cref="RtpHeaderExtensions.TryInsert"/>) and records it as sent now. Returns the new length; the packet is
    /// left as it was (and not recorded) when the element cannot be added. The relay's send path writes the element
    /// while it writes the packet (<see cref="Relay.RtpSlot"/>) and calls <see cref="OnSent"/> instead.
    /// </summary>
    public int Stamp(Span<byte> buffer, int length)
    {
        Span<byte> value = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(value, _next);
        if (!RtpHeaderExtensions.TryInsert(buffer, length, ExtensionId, value, out int stamped))
        {
            return length;
        }

        OnSent(stamped);
        return stamped;
    }

    /// <summary>Records that a packet of <paramref name="size"/> bytes carrying <see cref="NextSequence"/> left now, and moves on.</summary>
    public void OnSent(int size)
    {
        int slot = _next & (HistorySize - 1);
        _seqs[slot] = _next;
        _sendUs[slot] = _time.GetElapsedTime(_start).Ticks / 10;
        _sizes[slot] = size;
        _next++;
    }

    /// <summary>Updates the estimate from one RTCP packet if it is transport-wide feedback (RTPFB FMT 15); ignores anything else.</summary>
    public void HandleFeedback(RtcpPacket packet)
    {
        if (TransportFeedback.TryRead(packet, out TransportFeedback feedback))
        {
            Apply(ref feedback);
        }
    }

    private void Apply(ref TransportFeedback feedback)
    {
        FeedbackCount++;
        while (feedback.TryReadNext(out ushort seq, out bool received, out long arrivalUs))
        {
            int slot = seq & (HistorySize - 1);
            if (_seqs[slot] != seq || _sendUs[slot] < 0 || (short)(_next - seq) <= 0)
            {
                continue; // not ours, too old, or not sent yet
            }

            Estimator.OnPacket(_sendUs[slot], _sizes[slot], received, arrivalUs);
            if (received)
            {
                _sendUs[slot] = -1; // counted once, even if a later message reports it again
            }
        }

        Estimator.OnFeedbackEnd(_time.GetElapsedTime(_start));
    }
}
