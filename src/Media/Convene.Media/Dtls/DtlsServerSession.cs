using System.Diagnostics;
using Org.BouncyCastle.Tls;

namespace Convene.Media.Dtls;

/// <summary>
/// One DTLS-SRTP association in the server role (RFC 5763 §5: the answerer with a=setup:passive).
/// Datagrams from the demultiplexer are handed to <see cref="Deliver"/>; the first one starts the
/// handshake on a dedicated thread (BouncyCastle's receive blocks), never on the socket loop.
/// </summary>
public sealed class DtlsServerSession : IDisposable
{
    private readonly DtlsSrtpServer _server;
    private readonly QueuedDatagramTransport _transport;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource<DtlsHandshakeResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _handshakeTimeout;
    private int _state = (int)DtlsState.New;
    private volatile bool _draining;

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

    /// <summary>The handshake thread; it ends after the post-handshake window (for tests).</summary>
    internal Task Worker { get; private set; } = Task.CompletedTask;

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
            Worker = Task.Factory.StartNew(RunHandshake, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return queued;
        }

        // After the post-handshake window, records are no longer read: the SRTP keys are all WebRTC
        // needs from DTLS, and consent freshness (RFC 7675) detects a peer that left.
        return (State == DtlsState.Connecting || _draining) && _transport.Enqueue(datagram);
    }

    private void RunHandshake()
    {
        var stopwatch = Stopwatch.StartNew();
        _cancellation.CancelAfter(_handshakeTimeout);
        try
        {
            var protocol = new DtlsServerProtocol();
            var dtls = protocol.Accept(_server, _transport);
            var keys = _server.KeyingMaterial ?? throw new InvalidOperationException("No keying material was exported.");
            var result = new DtlsHandshakeResult(keys, _server.SrtpProfile, _server.RemoteFingerprint ?? "", _server.Negotiated.Version, _server.Negotiated.CipherSuite)
            {
                Elapsed = stopwatch.Elapsed,
            };
            _draining = true;
            if (Interlocked.CompareExchange(ref _state, (int)DtlsState.Connected, (int)DtlsState.Connecting) != (int)DtlsState.Connecting)
            {
                return; // disposed meanwhile
            }

            _completion.TrySetResult(result);
            DrainAfterHandshake(dtls);
        }
        catch (Exception ex)
        {
            FailureReason = _server.FailureReason ?? ex.Message;
            Interlocked.CompareExchange(ref _state, (int)DtlsState.Failed, (int)DtlsState.Connecting);
            _completion.TrySetException(new DtlsHandshakeException(FailureReason, ex));
        }
        finally
        {
            _draining = false;
            _transport.Close();
        }
    }

    /// <summary>How long records are still read after the handshake completed.</summary>
    public static TimeSpan PostHandshakeWindow { get; } = TimeSpan.FromSeconds(3);

    // RFC 6347 §4.2.4: when our final flight is lost the client retransmits its own, and BouncyCastle
    // answers it only while the DtlsTransport is read. Read for a short window, then free the thread.
    private void DrainAfterHandshake(DtlsTransport dtls)
    {
        var buffer = new byte[dtls.GetReceiveLimit()];
        var window = Stopwatch.StartNew();
        try
        {
            while (!_cancellation.IsCancellationRequested && window.Elapsed < PostHandshakeWindow)
            {
                var wait = (int)Math.Max(1, (PostHandshakeWindow - window.Elapsed).TotalMilliseconds);
                var before = window.ElapsedMilliseconds;
                if (dtls.Receive(buffer, 0, buffer.Length, wait) < 0 && window.ElapsedMilliseconds - before < wait / 2)
                {
                    break; // closed (e.g. close_notify), not a timeout
                }
            }
        }
        catch (Exception)
        {
            // An alert or a closed queue ends the window; the keys are already exported.
        }

        if (_server.CloseNotifyReceived)
        {
            Interlocked.CompareExchange(ref _state, (int)DtlsState.Closed, (int)DtlsState.Connected);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, (int)DtlsState.Closed) == (int)DtlsState.Failed)
        {
            Volatile.Write(ref _state, (int)DtlsState.Failed); // keep the failure visible
        }

        _completion.TrySetException(new DtlsHandshakeException("The DTLS association was closed before it connected.", null));

        _cancellation.Cancel();
        _transport.Close();
    }
}
