using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Convene.Media.Dtls;
using Convene.Media.Routing;
using Convene.Media.Srtp;
using Convene.Media.Transport;
using Microsoft.Extensions.Logging;

namespace Convene.Media.Relay;

/// <summary>
/// The silo's <see cref="IMediaRelay"/>: one <see cref="MediaTransport"/> (one UDP port, one certificate) shared by
/// every room, the SRTP layer of each peer, and a 100 ms clock (<see cref="RelayClock"/>) for RTCP reports, REMB and talking timeouts.
/// <para>
/// Threading: packet work is serialised by the loop lock (<see cref="OnLoop"/>). It is taken by the transport's socket
/// thread for each SRTP/SRTCP datagram, by the 100 ms clock (reports, REMB, talking timeouts, simulcast liveness) and,
/// briefly, when a room creates or releases a peer's SRTP session or a track's buffers. SRTP contexts, the routers'
/// per-packet state and the send batch are only touched under it, so they need no other synchronisation, and
/// the per-packet path allocates nothing. Room management runs on the caller's thread and reaches the routers through
/// their copy-on-write methods; it never waits for packet work except for those brief releases.
/// </para>
/// </summary>
public sealed class MediaRelay : IMediaRelay, ISrtpPacketHandler
{
    private static readonly TimeSpan _tick = TimeSpan.FromMilliseconds(100);
    private readonly Lock _loop = new();
    private readonly byte[] _receiveBuffer = new byte[2048];
    private readonly byte[] _tickScratch = new byte[1500];
    private readonly ConcurrentDictionary<string, RoomRelay> _rooms = new(StringComparer.Ordinal);
    private readonly HashSet<uint> _ssrcs = [];
    private readonly MediaRelayOptions _options;
    private readonly DtlsCertificate _certificate;
    private readonly IAsyncDisposable _timer;
    private long _ticks;
    private int _disposed;
    private bool _batching;

    /// <summary>Generates the certificate, binds the port and starts receiving.</summary>
    public MediaRelay(MediaRelayOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _certificate = DtlsCertificate.Generate();
        Transport = new MediaTransport(
            new MediaTransportOptions
            {
                BindAddress = options.BindAddress,
                Port = options.Port,
                AdvertisedAddress = options.AdvertisedAddress,
                ConsentTimeout = options.ConsentTimeout,
            },
            _certificate,
            this,
            TimeProvider,
            logger);
        Counters = new MediaRelayCounters(Transport.Counters, () => _rooms.Count, () => _rooms.Values.Sum(r => r.PeerCount));
        SendBatch = Transport.CreateBatch(options.BatchedSends ? SendBatchCapacity : 1, OnSendResult, options.BatchedSends);
        Transport.Start();
        // The system clock ticks on a thread of its own (RelayClock: no thread-pool hand-off per tick); a test's clock
        // through its TimeProvider.
        _timer = TimeProvider == TimeProvider.System
            ? new RelayClock(_tick, Tick, "Convene media relay clock")
            : TimeProvider.CreateTimer(static s => ((MediaRelay)s!).Tick(), this, _tick, _tick);
    }

    /// <inheritdoc />
    public MediaRelayCounters Counters { get; }

    /// <summary>The bound UDP endpoint (the port answers advertise).</summary>
    public IPEndPoint LocalEndPoint => Transport.LocalEndPoint;

    internal MediaTransport Transport { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>RTX negotiated and NACKs sent upstream (<see cref="MediaRelayOptions.LossRecovery"/>).</summary>
    internal bool LossRecovery => _options.LossRecovery;

    /// <summary>The playout delay asked of lossy subscribers (<see cref="MediaRelayOptions.PlayoutDelayUnderLoss"/>); zero when off or without loss recovery.</summary>
    public TimeSpan PlayoutDelayUnderLoss => _options.LossRecovery && _options.PlayoutDelayUnderLoss > TimeSpan.Zero ? _options.PlayoutDelayUnderLoss : TimeSpan.Zero;

    /// <summary>How long a peer may go without a valid ICE check (<see cref="MediaRelayOptions.ConsentTimeout"/>, RFC 7675 §5.1).</summary>
    public TimeSpan ConsentTimeout => _options.ConsentTimeout;

    /// <summary>Tags of <see cref="SendBatch"/> entries, for the counters.</summary>
    internal const int RtpTag = 0, RtcpTag = 1;

    // Datagrams per sendmmsg: a packet's copies to 64 subscribers leave in one system call.
    private const int SendBatchCapacity = 64;

    /// <summary>
    /// Where <see cref="RelayPeer"/> protects outgoing packets; loop only. Flushed once the received packet, the tick or
    /// the <see cref="OnLoop"/> action that filled it is done, so a packet's copies to all subscribers leave together.
    /// </summary>
    internal DatagramBatch SendBatch { get; }

    /// <inheritdoc />
    public IRoomRelay OpenRoom(string roomId, RoomMediaSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roomId);
        ArgumentNullException.ThrowIfNull(settings);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var room = _rooms.GetOrAdd(roomId, static (id, state) => new RoomRelay(state.Relay, id, state.Settings), (Relay: this, Settings: settings));
        (_timer as RelayClock)?.Wake(); // a parked clock (no rooms) ticks again
        return room;
    }

    /// <summary>Closes every room, stops the timer and the transport.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        foreach (var room in _rooms.Values)
        {
            room.Dispose();
        }

        await Transport.DisposeAsync().ConfigureAwait(false);
        _certificate.Dispose();
    }

    /// <summary>Runs <paramref name="action"/> under the loop lock, i.e. serialised with packet handling.</summary>
    internal void OnLoop(Action action)
    {
        lock (_loop)
        {
            using var batch = Batch();
            action();
        }
    }

    /// <summary>A datagram entered <see cref="SendBatch"/>; outside a batching section it leaves at once. Loop only.</summary>
    internal void OnCommitted()
    {
        if (!_batching)
        {
            SendBatch.Flush();
        }
    }

    // Loop only: what is sent until the scope is disposed leaves together (one sendmmsg per full batch and at the end).
    private BatchScope Batch()
    {
        _batching = true;
        return new BatchScope(this);
    }

    private void OnSendResult(int tag, int length, bool sent) => Counters.OnSent(tag == RtcpTag, sent, length);

    internal void OnRoomClosed(RoomRelay room) => _rooms.TryRemove(new KeyValuePair<string, RoomRelay>(room.RoomId, room));

    /// <summary>A random SSRC for a down-track, unique within the relay (RFC 3550 §8.1).</summary>
    internal uint AllocateSsrc()
    {
        lock (_ssrcs)
        {
            while (true)
            {
                uint ssrc = (uint)Random.Shared.NextInt64(2, uint.MaxValue);
                if (_ssrcs.Add(ssrc))
                {
                    return ssrc;
                }
            }
        }
    }

    /// <summary>Returns a down-track SSRC to the pool once its subscription is closed.</summary>
    internal void ReleaseSsrc(uint? ssrc)
    {
        if (ssrc is { } value)
        {
            lock (_ssrcs)
            {
                _ssrcs.Remove(value);
            }
        }
    }

    /// <inheritdoc />
    void ISrtpPacketHandler.OnPacket(MediaPeer peer, ReadOnlySpan<byte> datagram, bool isRtcp)
    {
        lock (_loop)
        {
            if (peer.Tag is not RelayPeer relayPeer || relayPeer.IsClosed || relayPeer.GetSrtp() is not { } srtp
                || datagram.Length > _receiveBuffer.Length)
            {
                Counters.OnDropped(RelayDropReason.UnknownPeer);
                return;
            }

            Counters.OnBytesIn(datagram.Length);
            Span<byte> packet = _receiveBuffer.AsSpan(0, datagram.Length);
            datagram.CopyTo(packet);
            using var batch = Batch(); // the packet's copies to every subscriber: one sendmmsg
            if (isRtcp)
            {
                HandleRtcp(relayPeer, srtp, packet);
            }
            else
            {
                HandleRtp(relayPeer, srtp, packet);
            }
        }
    }

    private void HandleRtp(RelayPeer peer, SrtpSession srtp, Span<byte> packet)
    {
        Counters.OnRtpIn();
        if (peer.Publication is not { } stream)
        {
            Counters.OnDropped(RelayDropReason.RtpFromSubscriber);
            return;
        }

        SrtpStatus status = srtp.Inbound.UnprotectRtp(packet, out int length);
        if (status != SrtpStatus.Ok)
        {
            Counters.OnDropped(Reason(status));
            return;
        }

        Span<byte> rtp = packet[..length];
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(rtp[8..]);
        if (!stream.Owns(ssrc) && !stream.TryLearn(ssrc, rtp))
        {
            Counters.OnDropped(RelayDropReason.UnknownSsrc); // includes simulcast layers not forwarded
            return;
        }

        if (!peer.Room.Router.HandleRtp(rtp))
        {
            Counters.OnDropped(RelayDropReason.Router);
        }
    }

    private void HandleRtcp(RelayPeer peer, SrtpSession srtp, Span<byte> packet)
    {
        Counters.OnRtcpIn();
        SrtpStatus status = srtp.Inbound.UnprotectRtcp(packet, out int length);
        if (status != SrtpStatus.Ok)
        {
            Counters.OnDropped(Reason(status));
            return;
        }

        var router = peer.Room.Router;
        bool malformed;
        if (peer.IsPublisher)
        {
            malformed = !router.HandlePublisherRtcp(packet[..length]);
        }
        else
        {
            SubscriberFeedback feedback = router.HandleSubscriberRtcp(packet[..length], peer.Congestion);
            Counters.OnFeedback(feedback.Nacks, feedback.KeyframeRequests);
            malformed = feedback.Malformed;
        }

        if (malformed)
        {
            Counters.OnDropped(RelayDropReason.Router);
        }
    }

    private static RelayDropReason Reason(SrtpStatus status) => status switch
    {
        SrtpStatus.AuthFailed => RelayDropReason.AuthFailed,
        SrtpStatus.Replayed => RelayDropReason.Replayed,
        _ => RelayDropReason.Malformed,
    };

    private bool Tick()
    {
        long tick = Interlocked.Increment(ref _ticks);
        long every = Math.Max(1, (long)(_options.ReportInterval / _tick));
        bool reports = tick % every == 0;
        lock (_loop)
        {
            using var batch = Batch(); // every room's reports: full batches leave on the way, the rest at the end
            foreach (var room in _rooms.Values)
            {
                try
                {
                    room.OnTick(reports, _tickScratch);
                }
                catch (Exception)
                {
                    // One room's failure must not stop the others' reports.
                }
            }
        }

        return !_rooms.IsEmpty;
    }

    /// <summary>Ends a batching section (<see cref="Batch"/>) and sends what it produced; a struct, so no allocation.</summary>
    private readonly struct BatchScope(MediaRelay relay) : IDisposable
    {
        public void Dispose()
        {
            relay._batching = false;
            relay.SendBatch.Flush();
        }
    }
}
