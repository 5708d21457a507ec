using System.Collections.Concurrent;
using Convene.Media.Dtls;
using Org.BouncyCastle.Tls;

namespace Convene.Media.Tests.Dtls;

/// <summary>
/// A BouncyCastle DTLS 1.2 client playing the browser against <see cref="DtlsServerSession"/> in memory:
/// ECDHE_ECDSA, use_srtp 0x0001, a client certificate; exports the same 60 bytes the server must.
/// </summary>
internal sealed class InMemoryDtlsClient(DtlsCertificate certificate) : DtlsTestClient(certificate), DatagramTransport
{
    private readonly BlockingCollection<byte[]> _fromServer = new();

    public DtlsServerSession? Server { get; set; }

    /// <summary>The server session's send callback.</summary>
    public bool DeliverFromServer(ReadOnlyMemory<byte> datagram)
    {
        _fromServer.Add(datagram.ToArray());
        return true;
    }

    public Task<DtlsTransport> RunAsync(TimeSpan timeout) => RunAsync(this, timeout);

    /// <summary>Runs the handshake over another datagram transport (e.g. real UDP).</summary>
    public Task<DtlsTransport> RunAsync(DatagramTransport transport, TimeSpan timeout) => Task.Factory.StartNew(
        () => new DtlsClientProtocol().Connect(this, transport),
        CancellationToken.None,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default).WaitAsync(timeout);

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => 1200;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (!_fromServer.TryTake(out var datagram, waitMillis))
        {
            return -1;
        }

        var n = Math.Min(buffer.Length, datagram.Length);
        datagram.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public void Send(byte[] buf, int off, int len) => Server!.Deliver(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer) => Server!.Deliver(buffer);

    public void Close() => _fromServer.CompleteAdding();
}
