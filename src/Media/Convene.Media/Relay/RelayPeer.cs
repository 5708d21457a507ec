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
    public void SendRtp(ReadOnlySpan<byte> packet) => Send(packet, rtcp: false);

    /// <inheritdoc />
    public void SendRtcp(ReadOnlySpan<byte> packet) => Send(packet, rtcp: true);

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

    // Protects straight into the relay's send batch (one copy: plain packet → slot, encrypted in place); the relay
    // flushes the batch once the packet that caused these sends is handled (MediaRelay.Flush).
    private void Send(ReadOnlySpan<byte> packet, bool rtcp)
    {
        SrtpSession? srtp = GetSrtp();
        DatagramBatch batch = _relay.SendBatch;
        Span<byte> buffer = batch.Slot;
        if (srtp is null || packet.Length > buffer.Length - 64)
        {
            _relay.Counters.OnDropped(RelayDropReason.SendNotReady);
            return;
        }

        packet.CopyTo(buffer);
        int plain = rtcp || Congestion is not { } congestion ? packet.Length : congestion.Stamp(buffer, packet.Length);
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
