using Convene.Media.Transport;

namespace Convene.Media.Relay;

/// <summary>Thread-safe counters of the relay: datagrams in, packets out, drops by reason, rooms and peers.</summary>
public sealed class MediaRelayCounters
{
    private readonly long[] _dropped = new long[Enum.GetValues<RelayDropReason>().Length];
    private readonly Func<int> _rooms;
    private readonly Func<int> _peers;
    private long _rtpIn;
    private long _rtcpIn;
    private long _rtpOut;
    private long _rtcpOut;
    private long _sendFailures;
    private long _bytesIn;
    private long _bytesOut;
    private long _nacks;
    private long _keyframeRequests;

    internal MediaRelayCounters(MediaTransportCounters transport, Func<int> rooms, Func<int> peers)
    {
        Transport = transport;
        _rooms = rooms;
        _peers = peers;
    }

    /// <summary>The UDP port's counters: everything received, STUN answered, DTLS, and datagrams dropped before SRTP.</summary>
    public MediaTransportCounters Transport { get; }

    /// <summary>SRTP packets from connected peers.</summary>
    public long RtpIn => Interlocked.Read(ref _rtpIn);

    /// <summary>SRTCP packets from connected peers.</summary>
    public long RtcpIn => Interlocked.Read(ref _rtcpIn);

    /// <summary>SRTP packets sent (forwarded media and retransmissions).</summary>
    public long RtpOut => Interlocked.Read(ref _rtpOut);

    /// <summary>SRTCP packets sent (reports, keyframe requests, REMB).</summary>
    public long RtcpOut => Interlocked.Read(ref _rtcpOut);

    /// <summary>Protected packets the socket did not take (no selected tuple, consent expired, socket error).</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Bytes of the SRTP/SRTCP datagrams from connected peers.</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Bytes of the SRTP/SRTCP packets sent.</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>Generic NACKs (RFC 4585 §6.2.1) received from subscribers.</summary>
    public long NacksReceived => Interlocked.Read(ref _nacks);

    /// <summary>PLIs and FIRs (RFC 4585 §6.3.1, RFC 5104 §4.3.1) received from subscribers.</summary>
    public long KeyframeRequestsReceived => Interlocked.Read(ref _keyframeRequests);

    /// <summary>Open rooms.</summary>
    public int Rooms => _rooms();

    /// <summary>Peers (publications and subscriptions) of open rooms.</summary>
    public int Peers => _peers();

    /// <summary>All packets the relay dropped (not counting the transport's drops).</summary>
    public long TotalDropped => _dropped.Sum(d => Interlocked.Read(ref d));

    /// <summary>Packets the relay dropped for <paramref name="reason"/>.</summary>
    public long Dropped(RelayDropReason reason) => Interlocked.Read(ref _dropped[(int)reason]);

    /// <summary>A readable snapshot for logs and test failure messages.</summary>
    public override string ToString()
        => $"rooms={Rooms} peers={Peers} rtpIn={RtpIn} rtcpIn={RtcpIn} rtpOut={RtpOut} rtcpOut={RtcpOut} sendFailures={SendFailures} dropped={{"
           + string.Join(", ", Enum.GetValues<RelayDropReason>().Where(r => Dropped(r) > 0).Select(r => $"{r}={Dropped(r)}"))
           + $"}} transport: {Transport}";

    internal void OnRtpIn() => Interlocked.Increment(ref _rtpIn);

    internal void OnBytesIn(int bytes) => Interlocked.Add(ref _bytesIn, bytes);

    internal void OnFeedback(long nacks, long keyframeRequests)
    {
        if (nacks != 0) Interlocked.Add(ref _nacks, nacks);
        if (keyframeRequests != 0) Interlocked.Add(ref _keyframeRequests, keyframeRequests);
    }

    internal void OnRtcpIn() => Interlocked.Increment(ref _rtcpIn);

    internal void OnSent(bool rtcp, bool sent, int bytes)
    {
        if (!sent)
        {
            Interlocked.Increment(ref _sendFailures);
            return;
        }
        Interlocked.Add(ref _bytesOut, bytes);
        if (rtcp)
        {
            Interlocked.Increment(ref _rtcpOut);
        }
        else
        {
            Interlocked.Increment(ref _rtpOut);
        }
    }

    internal void OnDropped(RelayDropReason reason) => Interlocked.Increment(ref _dropped[(int)reason]);

    internal void OnDropped(RelayDropReason reason, long count) => Interlocked.Add(ref _dropped[(int)reason], count);
}
