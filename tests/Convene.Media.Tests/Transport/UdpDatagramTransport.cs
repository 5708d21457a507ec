using System.Net.Sockets;
using Org.BouncyCastle.Tls;

namespace Convene.Media.Tests.Transport;

/// <summary>BouncyCastle's datagram transport over a connected-by-convention UDP socket (test client side).</summary>
internal sealed class UdpDatagramTransport : DatagramTransport
{
    private readonly StunTestClient _client;

    public UdpDatagramTransport(StunTestClient client) => _client = client;

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => 1200;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        _client.Socket.ReceiveTimeout = Math.Max(1, waitMillis);
        try
        {
            return _client.Socket.Receive(buffer, SocketFlags.None);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
        {
            return -1;
        }
    }

    public void Send(byte[] buf, int off, int len) => _client.Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer) => _client.Send(buffer);

    public void Close()
    {
    }
}
