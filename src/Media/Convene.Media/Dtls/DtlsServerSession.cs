using System.Diagnostics;
using Org.BouncyCastle.Crypto.Tls;
using Org.BouncyCastle.Security;

namespace Convene.Media.Dtls;

/// <summary>
/// One DTLS-SRTP association in the server role (RFC 5763 §5: the answerer with a=setup:passive).
/// Datagrams from the demultiplexer are handed to <see cref="Deliver"/>; the first one starts the
/// handshake on a dedicated thread-pool task (BouncyCastle's receive blocks), never on the socket loop.
/// </summary>
public sealed class DtlsServerSession : IDisposable
{
    private readonly DtlsSrtpServer _server;
    private readonly QueuedDatagramTransport _transport;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource<DtlsHandshakeResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _handshakeTimeout;
    private int _state = (int)DtlsState.New;

    /// <summary>Creates the association; nothing runs until the first datagram arrives.</summary>
    /// <param name="certificate">Our certificate.</param>
    /// <param name="expectedRemoteFingerprint">The SHA-256 fingerprint from the offer's a=fingerprint.</param>
    /// <param name="send">Sends one datagram to the peer's selected tuple; false when there is none.</param>
    /// <param name="handshakeTimeout">How long the handshake may take once started.</param>
    public DtlsServerSession(DtlsCertificate certificate, string expectedRemoteFingerprint, Func<ReadOnlyMemory<byte>, bool> send, TimeSpan handshakeTimeout)
    {
        _server = new DtlsSrtpServer(certificate, expectedRemoteFingerprint);
        _transport = new QueuedDatagramTransport(send, _cancellation.Token);
        _handshakeTimeout = handshakeTimeout;
    }

    /// <summary>The current state.</summary>
    public DtlsState State => (DtlsState)Volatile.Read(ref _state);

    /// <summary>Completes with the keys when the handshake succeeds; faults when it fails.</summary>
    public Task<DtlsHandshakeResult> Completion => _completion.Task;

    /// <summary>The result once connected, otherwise null.</summary>
    public DtlsHandshakeResult? Result => _completion.Task.IsCompletedSuccessfully ? _completion.Task.Result : null;

    /// <summary>Why the handshake failed, when it did.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>
    /// Hands one received DTLS datagram (RFC 7983: first byte 20–63) to the association; starts the
    /// handshake on the first. Returns false when the datagram was not queued (closed, full, or done).
    /// </summary>
    public bool Deliver(ReadOnlySpan<byte> datagram)
    {
        if (Interlocked.CompareExchange(ref _state, (int)DtlsState.Connecting, (int)DtlsState.New) == (int)DtlsState.New)
        {
            var queued = _transport.Enqueue(datagram);
            _ = Task.Factory.StartNew(RunHandshake, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return queued;
        }

        // After the handshake, records (e.g. a retransmitted Finished, close_notify) are not read:
        // the SRTP keys are all WebRTC needs from DTLS.
        return State == DtlsState.Connecting && _transport.Enqueue(datagram);
    }

    private void RunHandshake()
    {
        var stopwatch = Stopwatch.StartNew();
        _cancellation.CancelAfter(_handshakeTimeout);
        try
        {
            var protocol = new DtlsServerProtocol(new SecureRandom());
            var dtls = protocol.Accept(_server, _transport);
            _ = dtls; // the DtlsTransport is not needed after the handshake: media flows as SRTP
            var keys = _server.KeyingMaterial ?? throw new InvalidOperationException("No keying material was exported.");
            var result = new DtlsHandshakeResult(keys, _server.SrtpProfile, _server.RemoteFingerprint ?? "", _server.Negotiated.Version, _server.Negotiated.CipherSuite)
            {
                Elapsed = stopwatch.Elapsed,
            };
            Volatile.Write(ref _state, (int)DtlsState.Connected);
            _completion.TrySetResult(result);
        }
        catch (Exception ex)
        {
            FailureReason = _server.FailureReason ?? ex.Message;
            Volatile.Write(ref _state, (int)DtlsState.Failed);
            _completion.TrySetException(new DtlsHandshakeException(FailureReason, ex));
        }
        finally
        {
            _transport.Close();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (State is DtlsState.New or DtlsState.Connecting)
        {
            Volatile.Write(ref _state, (int)DtlsState.Closed);
            _completion.TrySetException(new DtlsHandshakeException("The DTLS association was closed before it connected.", null));
        }

        _cancellation.Cancel();
        _transport.Close();
    }
}
