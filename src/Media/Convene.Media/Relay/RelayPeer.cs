using Convene.Media.Dtls;
using Convene.Media.Routing;
using Convene.Media.Srtp;
using Convene.Media.Transport;

namespace Convene.Media.Relay;

/// <summary>
/// One peer connection of a room (a publication or a subscription): the transport's <see cref="MediaPeer"/>, its SRTP
/// session once DTLS is connected, and the <see cref="IMediaSender"/> the router sends through. The SRTP session is
/// used only under the relay's loop lock (the socket loop, or the report timer while it holds the lock).
/// </summary>
internal sealed class RelayPeer : IMediaSender
{
    private const int ReportedConnected = 1, ReportedFailed = 2;

    /// <summary>What a send slot keeps free behind the plain packet for SRTP (the tag; SRTCP's index and tag).</summary>
    private const int SrtpRoom = 64;
    private readonly MediaRelay _relay;
    private readonly Lock _reportGate = new();
    private SrtpSession? _srtp;
    private int _closed;
    private int _reported;

    public RelayPeer(MediaRelay relay, RoomRelay room, MediaPeer peer, string participant, string streamKey, bool isPublisher)
    {
        _relay = relay;
        Room = room;
        Peer = peer;
        Participant = participant;
        StreamKey = streamKey;
        IsPublisher = isPublisher;
        peer.Tag = this;
    }

    public RoomRelay Room { get; }

    public MediaPeer Peer { get; }

    public string Participant { get; }

    public string StreamKey { get; }

    public bool IsPublisher { get; }

    /// <summary>The publication this peer carries (publishers only).</summary>
    public PublishedStream? Publication { get; set; }

    /// <summary>Transport-wide congestion control towards a subscriber that negotiated transport-cc; null otherwise. Loop only.</summary>
    public TransportWideSequencer? Congestion { get; init; }

    /// <summary>True once closed through the room (no failure event is raised then).</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>True once the peer was reported failed or disconnected (<see cref="TryReport"/>).</summary>
    public bool FailureReported => Volatile.Read(ref _reported) == ReportedFailed;

    /// <summary>
    /// Reports the peer's state once per kind, in order: connected at most once and never after a failure, failed at
    /// most once. <paramref name="post"/> (which queues the event) runs under a per-peer gate, so a connected report
    /// cannot overtake a failure decided on another thread (consent expiring on the timer while the DTLS handshake
    /// completes). Returns whether it was reported.
    /// </summary>
    public bool TryReport(bool connected, Action post)
    {
        lock (_reportGate)
        {
            if (_reported == ReportedFailed || (connected && _reported == ReportedConnected))
            {
                return false;
            }

            Volatile.Write(ref _reported, connected ? ReportedConnected : ReportedFailed);
            post();
            return true;
        }
    }

    /// <summary>The SRTP session, created from the DTLS keys on first use. Loop only.</summary>
    public SrtpSession? GetSrtp()
    {
        if (_srtp is null && !IsClosed && Peer.DtlsResult is { } keys)
        {
            _srtp = SrtpSession.FromDtlsKeyingMaterial(keys.KeyingMaterial, (SrtpProfile)keys.SrtpProfile, isServer: true);
        }

        return _srtp;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The relay's next send slot, less the room SRTP adds (<see cref="SrtpRoom"/>), with the transport-wide sequence
    /// number when the peer negotiated transport-cc. Handed out even before the SRTP session exists: the commit drops it.
    /// </remarks>
    public RtpSlot ReserveRtp()
    {
        Span<byte> buffer = _relay.SendBatch.Slot[..(DatagramBatch.SlotSize - SrtpRoom)];
        return Congestion is { } congestion ? new RtpSlot(buffer, congestion.ExtensionId, congestion.NextSequence) : new RtpSlot(buffer);
    }

    /// <inheritdoc />
    public void CommitRtp(int length, bool transportWideStamped)
    {
        if (GetSrtp() is not { } srtp || (uint)length > DatagramBatch.SlotSize - SrtpRoom)
        {
            _relay.Counters.OnDropped(RelayDropReason.SendNotReady);
            return;
        }

        if (transportWideStamped)
        {
            Congestion?.OnSent(length);
        }

        Protect(srtp, length, rtcp: false);
    }

    /// <inheritdoc />
    public void SendRtcp(ReadOnlySpan<byte> packet)
    {
        if (GetSrtp() is not { } srtp || packet.Length > DatagramBatch.SlotSize - SrtpRoom)
        {
            _relay.Counters.OnDropped(RelayDropReason.SendNotReady);
            return;
        }

        packet.CopyTo(_relay.SendBatch.Slot);
        Protect(srtp, packet.Length, rtcp: true);
    }

    /// <summary>Closes the transport peer; the SRTP session is released on the loop. Idempotent.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Peer.Dispose();
            _relay.OnLoop(() =>
            {
                _srtp?.Dispose();
                _srtp = null;
            });
        }
    }

    // Protects the plain packet in the relay's next send slot in place; the relay flushes the batch once the packet that
    // caused these sends is handled (MediaRelay's batching scope).
    private void Protect(SrtpSession srtp, int plain, bool rtcp)
    {
        DatagramBatch batch = _relay.SendBatch;
        Span<byte> buffer = batch.Slot;
        SrtpStatus status = rtcp
            ? srtp.Outbound.ProtectRtcp(buffer, plain, out int length)
            : srtp.Outbound.ProtectRtp(buffer, plain, out length);
        if (status != SrtpStatus.Ok)
        {
            _relay.Counters.OnDropped(RelayDropReason.SendNotReady);
            return;
        }

        if (!Peer.TryGetSendTarget(out var target))
        {
            _relay.Counters.OnSent(rtcp, sent: false, length);
            return;
        }

        batch.Commit(length, target, rtcp ? MediaRelay.RtcpTag : MediaRelay.RtpTag);
        _relay.OnCommitted();
    }
}
