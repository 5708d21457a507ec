using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using Convene.Media.Dtls;
using Convene.Media.Ice;

namespace Convene.Media.Transport;

/// <summary>
/// One browser's WebRTC session on the shared port: its ICE-lite credentials and selected tuple, consent
/// freshness, the DTLS-SRTP association and its exported keys. Created by
/// <see cref="MediaTransport.CreatePeer"/> or <see cref="MediaTransport.AcceptOffer"/>.
/// </summary>
public sealed class MediaPeer : IDisposable
{
    private readonly MediaTransport _transport;
    private SocketAddress? _selected;
    private long _lastConsentTimestamp;
    private int _closed;

    internal MediaPeer(MediaTransport transport, IceCredentials local, string remoteUfrag, string remotePwd, string remoteFingerprint)
    {
        _transport = transport;
        Local = local;
        RemoteUfrag = remoteUfrag;
        RemotePwd = remotePwd;
        RemoteFingerprint = remoteFingerprint;
        LocalPasswordBytes = Encoding.UTF8.GetBytes(local.Pwd);
        RemoteUfragBytes = Encoding.UTF8.GetBytes(remoteUfrag);
        _lastConsentTimestamp = transport.TimeProvider.GetTimestamp();
        Dtls = new DtlsServerSession(transport.Certificate, remoteFingerprint, SendDtls, transport.Options.HandshakeTimeout);
    }

    /// <summary>Our ICE credentials for this peer (in the answer).</summary>
    public IceCredentials Local { get; }

    /// <summary>The peer's ICE username fragment (from the offer).</summary>
    public string RemoteUfrag { get; }

    /// <summary>The peer's ICE password (from the offer; a lite agent sends no checks, so it is unused).</summary>
    public string RemotePwd { get; }

    /// <summary>The SHA-256 fingerprint the peer's DTLS certificate must have (from the offer).</summary>
    public string RemoteFingerprint { get; }

    /// <summary>The DTLS association.</summary>
    public DtlsServerSession Dtls { get; }

    /// <summary>The DTLS state.</summary>
    public DtlsState DtlsState => Dtls.State;

    /// <summary>The exported SRTP keys and profile once connected, else null.</summary>
    public DtlsHandshakeResult? DtlsResult => Dtls.Result;

    /// <summary>Completes when DTLS is connected (faults when it fails).</summary>
    public Task<DtlsHandshakeResult> DtlsConnected => Dtls.Completion;

    /// <summary>True once a check carried USE-CANDIDATE (RFC 8445 §7.3.1.5).</summary>
    public bool IsNominated { get; private set; }

    /// <summary>Free for the SRTP layer to hang its per-peer context on.</summary>
    public object? Tag { get; set; }

    /// <summary>The selected remote tuple, or null before the first valid check (allocates).</summary>
    public IPEndPoint? SelectedEndPoint => Volatile.Read(ref _selected)?.ToEndPoint();

    /// <summary>True when no valid check arrived within the consent timeout (RFC 7675 §5.1).</summary>
    public bool IsConsentExpired
        => _transport.TimeProvider.GetElapsedTime(Interlocked.Read(ref _lastConsentTimestamp)) > _transport.Options.ConsentTimeout;

    /// <summary>True once disposed or expired.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    internal byte[] LocalPasswordBytes { get; }

    internal byte[] RemoteUfragBytes { get; }

    internal SocketAddress? SelectedAddress => Volatile.Read(ref _selected);

    /// <summary>
    /// Sends one already-protected datagram (SRTP/SRTCP) to the selected tuple, synchronously and without
    /// allocating. Returns false — the failure is reported, not swallowed — when there is no tuple yet,
    /// consent expired (RFC 7675 §5.1: stop sending), the peer is closed, or the socket refused it.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> datagram)
    {
        var target = Volatile.Read(ref _selected);
        if (target is null || IsClosed || IsConsentExpired)
        {
            _transport.Counters.OnSendFailure();
            return false;
        }

        return _transport.SendTo(datagram, target);
    }

    /// <summary>
    /// The selected tuple to send to through a <see cref="DatagramBatch"/>: false — and the failure counted, as by
    /// <see cref="Send"/> — when there is none yet, consent expired (RFC 7675 §5.1), or the peer is closed.
    /// </summary>
    internal bool TryGetSendTarget([NotNullWhen(true)] out SocketAddress? target)
    {
        target = Volatile.Read(ref _selected);
        if (target is null || IsClosed || IsConsentExpired)
        {
            _transport.Counters.OnSendFailure();
            target = null;
            return false;
        }

        return true;
    }

    /// <summary>Closes the peer: forgets its username and tuple and stops its DTLS association.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _transport.Remove(this);
            Dtls.Dispose();
        }
    }

    /// <summary>
    /// Records a verified check from <paramref name="remote"/> (RFC 8445 §7.3.1.4 / §7.3.1.5): it refreshes
    /// consent; the first valid tuple is used until one is nominated, and a nomination selects its tuple.
    /// Returns the previously selected address when the selection changed.
    /// </summary>
    internal bool OnValidCheck(SocketAddress remote, bool useCandidate, out SocketAddress? previous, out SocketAddress? selected)
    {
        Interlocked.Exchange(ref _lastConsentTimestamp, _transport.TimeProvider.GetTimestamp());
        previous = Volatile.Read(ref _selected);
        selected = previous;
        IsNominated |= useCandidate;
        var changes = previous is null || (useCandidate && !previous.Equals(remote));
        if (!changes)
        {
            return false;
        }

        selected = remote.Clone();
        Volatile.Write(ref _selected, selected);
        return true;
    }

    private bool SendDtls(ReadOnlyMemory<byte> datagram)
    {
        var target = Volatile.Read(ref _selected);
        return target is not null && !IsClosed && _transport.SendTo(datagram.Span, target);
    }
}
