using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Convene.Media.Dtls;
using Convene.Media.Ice;
using Convene.Media.Sdp;
using Convene.Media.Stun;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Convene.Media.Transport;

/// <summary>
/// The silo's one UDP media port (DESIGN §4). A single receive loop demultiplexes per RFC 7983: STUN
/// Binding requests are answered as an ICE-lite agent and matched to peers by USERNAME; DTLS and SRTP are
/// matched by the peer's selected tuple. Malformed or unexpected datagrams are dropped and counted,
/// never thrown past the loop. The per-packet path is synchronous and allocation-free.
/// </summary>
public sealed class MediaTransport : IAsyncDisposable
{
    private const int MaxDatagram = 2048;

    private readonly Socket _socket;
    private readonly ISrtpPacketHandler _handler;
    private readonly ILogger _logger;
    private readonly PeerRegistry _peers = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _receiveLoop = Task.CompletedTask;
    private ITimer? _sweepTimer;

    /// <summary>Binds the socket; call <see cref="Start"/> to begin receiving.</summary>
    /// <param name="options">Port, bind and advertised address, timeouts.</param>
    /// <param name="certificate">Our DTLS certificate, shared by all peers.</param>
    /// <param name="handler">Receives SRTP/SRTCP of connected peers.</param>
    /// <param name="timeProvider">Clock for consent freshness; the system clock when null.</param>
    /// <param name="logger">Logs peer lifecycle events (never per packet).</param>
    public MediaTransport(MediaTransportOptions options, DtlsCertificate certificate, ISrtpPacketHandler handler, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        Options = options;
        Certificate = certificate;
        _handler = handler;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _socket = new Socket(options.BindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = options.ReceiveBufferSize,
        };
        _socket.Bind(new IPEndPoint(options.BindAddress, options.Port));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _logger.LogInformation("Media transport bound to {EndPoint}", LocalEndPoint);
        AdvertisedAddress = options.AdvertisedAddress
            ?? (options.BindAddress.Equals(IPAddress.Any) || options.BindAddress.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : options.BindAddress);
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The address written in host candidates.</summary>
    public IPAddress AdvertisedAddress { get; }

    /// <summary>What the loop received, answered, delivered and dropped.</summary>
    public MediaTransportCounters Counters { get; } = new();

    /// <summary>Our DTLS certificate.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>The options.</summary>
    public MediaTransportOptions Options { get; }

    /// <summary>Peers currently registered.</summary>
    public int PeerCount => _peers.Count;

    internal TimeProvider TimeProvider { get; }

    /// <summary>Starts the receive loop and the consent sweep.</summary>
    public void Start()
    {
        // A dedicated thread blocked in recvfrom: the "socket loop" is one thread, and each datagram costs no
        // thread-pool hand-off (measured in bench/Convene.Bench forward: about half the CPU per forwarded packet).
        _receiveLoop = Task.Factory.StartNew(ReceiveLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _sweepTimer = TimeProvider.CreateTimer(_ => SweepExpired(), null, Options.SweepInterval, Options.SweepInterval);
    }

    /// <summary>
    /// Registers a peer from a browser offer and writes the answer (ICE-lite, a=setup:passive, one host
    /// candidate on this port, Opus/VP8 only). Throws <see cref="SdpParseException"/> when the offer is
    /// unusable (no ICE credentials, no sha-256 fingerprint).
    /// </summary>
    public AcceptedOffer AcceptOffer(string offerSdp, Func<SdpAnswerOptions, SdpAnswerOptions>? customize = null)
    {
        var offer = SdpParser.Parse(offerSdp);
        var ufrag = offer.EffectiveIceUfrag ?? throw new SdpParseException("The offer has no a=ice-ufrag.");
        var pwd = offer.EffectiveIcePwd ?? throw new SdpParseException("The offer has no a=ice-pwd.");
        var fingerprint = offer.EffectiveFingerprint;
        if (fingerprint is null || fingerprint.Algorithm != DtlsFingerprint.Algorithm)
        {
            throw new SdpParseException("The offer has no a=fingerprint:sha-256.");
        }

        var peer = CreatePeer(ufrag, pwd, fingerprint.Value);
        var options = new SdpAnswerOptions
        {
            IceUfrag = peer.Local.Ufrag,
            IcePwd = peer.Local.Pwd,
            Fingerprint = Certificate.Fingerprint,
            CandidateAddress = AdvertisedAddress.ToString(),
            CandidatePort = LocalEndPoint.Port,
        };
        return new AcceptedOffer(peer, SdpAnswerWriter.Write(offer, customize?.Invoke(options) ?? options), offer);
    }

    /// <summary>Registers a peer with fresh local ICE credentials.</summary>
    public MediaPeer CreatePeer(string remoteUfrag, string remotePwd, string remoteFingerprint)
    {
        while (true)
        {
            var peer = new MediaPeer(this, IceCredentials.Generate(), remoteUfrag, remotePwd, remoteFingerprint);
            if (_peers.TryAdd(peer))
            {
                peer.DtlsConnected.ContinueWith(LogHandshake, peer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return peer;
            }
        }
    }

    /// <summary>Closes peers whose consent expired (RFC 7675 §5.1); returns how many.</summary>
    public int SweepExpired()
    {
        var expired = 0;
        foreach (var peer in _peers.Peers)
        {
            if (peer.IsConsentExpired)
            {
                _logger.LogInformation("Peer {Ufrag} closed: no valid check for {Timeout} (RFC 7675)", peer.Local.Ufrag, Options.ConsentTimeout);
                peer.Dispose();
                expired++;
            }
        }

        return expired;
    }

    /// <summary>Stops the loop, closes the socket and every peer.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _sweepTimer?.Dispose();
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        foreach (var peer in _peers.Peers)
        {
            peer.Dispose();
        }
    }

    private void LogHandshake(Task<DtlsHandshakeResult> handshake, object? state)
    {
        var peer = (MediaPeer)state!;
        if (handshake.IsCompletedSuccessfully)
        {
            var result = handshake.Result;
            _logger.LogInformation("Peer {Ufrag} DTLS connected from {EndPoint}: {Version} suite 0x{Suite:X4} SRTP profile {Profile} in {Elapsed} ms", peer.Local.Ufrag, peer.SelectedEndPoint, result.ProtocolVersion, result.CipherSuite, result.SrtpProfile, (int)result.Elapsed.TotalMilliseconds);
        }
        else if (!peer.IsClosed)
        {
            _logger.LogWarning("Peer {Ufrag} DTLS failed: {Reason}", peer.Local.Ufrag, peer.Dtls.FailureReason);
        }
    }

    internal bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress target)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, target);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Counters.OnSendFailure();
            return false;
        }
    }

    /// <summary>
    /// A batch of outgoing datagrams on this port (see <see cref="DatagramBatch"/>); failed sends are counted in
    /// <see cref="Counters"/> too. The caller owns it: one thread (or lock) at a time.
    /// </summary>
    internal DatagramBatch CreateBatch(int capacity, Action<int, int, bool> onResult, bool useSendMmsg = true)
        => new(_socket, capacity, (tag, length, sent) =>
        {
            if (!sent)
            {
                Counters.OnSendFailure();
            }

            onResult(tag, length, sent);
        }, useSendMmsg);

    internal void Remove(MediaPeer peer) => _peers.Remove(peer);

    private void ReceiveLoop()
    {
        Thread.CurrentThread.Name ??= "Convene media socket loop";
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        var remote = new SocketAddress(_socket.AddressFamily);
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = _socket.ReceiveFrom(buffer.AsSpan(0, MaxDatagram), SocketFlags.None, remote);
                }
                catch (SocketException) when (!token.IsCancellationRequested)
                {
                    Counters.OnReceiveError(); // e.g. ICMP port unreachable reported on a later receive
                    continue;
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    break; // disposing closed the socket under the blocked receive
                }

                Counters.OnReceived();
                try
                {
                    Dispatch(buffer.AsSpan(0, length), remote);
                }
                catch (Exception)
                {
                    Counters.OnDropped(DropReason.InternalError);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Internal so tests can drive the per-packet path on their own thread and measure its allocations.
    internal void Dispatch(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        switch (PacketClassifier.Classify(datagram))
        {
            case PacketKind.Stun:
                HandleStun(datagram, remote);
                break;
            case PacketKind.Dtls:
                HandleDtls(datagram, remote);
                break;
            case PacketKind.Rtp:
                HandleSrtp(datagram, remote);
                break;
            default:
                Counters.OnDropped(DropReason.UnknownProtocol);
                break;
        }
    }

    private void HandleStun(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (!StunMessage.TryParse(datagram, out var request))
        {
            Counters.OnDropped(DropReason.StunMalformed);
            return;
        }

        if (request.MessageType != StunConstants.BindingRequest)
        {
            Counters.OnDropped(DropReason.StunIgnored);
            return;
        }

        // RFC 8445 §7.3: a check carries USERNAME, MESSAGE-INTEGRITY and FINGERPRINT (RFC 8445 §7.2.2).
        if (!request.HasUsername || !request.HasMessageIntegrity || !request.HasFingerprint)
        {
            Counters.OnDropped(DropReason.StunMissingAttribute);
            return;
        }

        if (!request.VerifyFingerprint())
        {
            Counters.OnDropped(DropReason.StunBadFingerprint);
            return;
        }

        if (!_peers.TryFindByUsername(request.Username, out var peer))
        {
            Counters.OnDropped(DropReason.StunUnknownUsername);
            return;
        }

        if (!request.VerifyMessageIntegrity(peer.LocalPasswordBytes))
        {
            Counters.OnDropped(DropReason.StunBadIntegrity);
            return;
        }

        if (peer.IsConsentExpired || peer.IsClosed)
        {
            Counters.OnDropped(DropReason.StunConsentExpired); // not revived: the sweep closes it, the browser reconnects
            return;
        }

        Span<byte> response = stackalloc byte[IceLiteResponder.MaxResponseLength];
        var length = IceLiteResponder.WriteResponse(request, remote, peer.LocalPasswordBytes, response, out var outcome);
        if (outcome == IceCheckOutcome.Success && peer.OnValidCheck(remote, request.UseCandidate, out var previous, out var selected))
        {
            _peers.OnSelected(peer, previous, selected!);
        }

        if (SendTo(response[..length], remote))
        {
            Counters.OnStunAnswered();
        }
    }

    private void HandleDtls(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (!_peers.TryFindByAddress(remote, out var peer))
        {
            Counters.OnDropped(DropReason.DtlsUnknownAddress);
            return;
        }

        if (peer.Dtls.Deliver(datagram))
        {
            Counters.OnDtlsDelivered();
        }
        else
        {
            Counters.OnDropped(DropReason.DtlsNotAccepted);
        }
    }

    private void HandleSrtp(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (!_peers.TryFindByAddress(remote, out var peer))
        {
            Counters.OnDropped(DropReason.SrtpUnknownAddress);
            return;
        }

        if (peer.DtlsState != DtlsState.Connected)
        {
            Counters.OnDropped(DropReason.SrtpBeforeKeys);
            return;
        }

        try
        {
            _handler.OnPacket(peer, datagram, PacketClassifier.IsRtcp(datagram));
            Counters.OnSrtpDelivered();
        }
        catch (Exception)
        {
            Counters.OnDropped(DropReason.HandlerError); // a faulty handler must not stop the loop
        }
    }
}
