using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace Convene.Media.Dtls;

/// <summary>
/// BouncyCastle's <see cref="DatagramTransport"/> over a queue fed by the UDP demultiplexer and a send
/// callback to the peer's selected tuple. <see cref="Receive(Span{byte}, int)"/> blocks up to the timeout BouncyCastle
/// asks for and returns -1 on timeout, which drives its retransmission (RFC 6347 §4.2.4). It runs on
/// the handshake's own thread, never on the socket loop.
/// </summary>
internal sealed class QueuedDatagramTransport : DatagramTransport
{
    private const int Mtu = 1200; // a conservative path MTU for DTLS records (RFC 6347 §4.1.1.1)
    private const int MaxQueued = 64;

    private readonly BlockingCollection<byte[]> _queue = new(new ConcurrentQueue<byte[]>(), MaxQueued);
    private readonly Func<ReadOnlyMemory<byte>, bool> _send;
    private readonly CancellationToken _cancellation;

    public QueuedDatagramTransport(Func<ReadOnlyMemory<byte>, bool> send, CancellationToken cancellation)
    {
        _send = send;
        _cancellation = cancellation;
    }

    /// <summary>Queues a copy of a received DTLS datagram; false when the queue is full or closed.</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        try
        {
            return _queue.TryAdd(datagram.ToArray());
        }
        catch (InvalidOperationException)
        {
            return false; // completed: the association is closed
        }
    }

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => Mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        try
        {
            if (!_queue.TryTake(out var datagram, waitMillis, _cancellation))
            {
                return -1;
            }

            var n = Math.Min(buffer.Length, datagram.Length);
            datagram.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        catch (OperationCanceledException)
        {
            throw new IOException("The DTLS association was closed.");
        }
        catch (InvalidOperationException)
        {
            throw new IOException("The DTLS association was closed.");
        }
    }

    public void Send(byte[] buf, int off, int len)
    {
        if (!_send(new ReadOnlyMemory<byte>(buf, off, len)))
        {
            throw new IOException("The DTLS record could not be sent: no selected ICE tuple.");
        }
    }

    public void Send(ReadOnlySpan<byte> buffer)
    {
        // The send callback keeps the memory only for the call (it copies or sends synchronously).
        if (!_send(buffer.ToArray()))
        {
            throw new IOException("The DTLS record could not be sent: no selected ICE tuple.");
        }
    }

    public void Close() => _queue.CompleteAdding();
}
