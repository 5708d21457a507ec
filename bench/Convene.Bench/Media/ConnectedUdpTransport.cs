using System.Net.Sockets;
using Org.BouncyCastle.Tls;

namespace Convene.Bench.Media;

/// <summary>BouncyCastle's datagram transport over a connected UDP socket.</summary>
internal sealed class ConnectedUdpTransport : DatagramTransport
{
    private readonly Socket _socket;

    public ConnectedUdpTransport(Socket socket) => _socket = socket;

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => 1200;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        _socket.ReceiveTimeout = Math.Max(1, waitMillis);
        try
        {
            return _socket.Receive(buffer, SocketFlags.None);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
        {
            return -1;
        }
    }

    public void Send(byte[] buf, int off, int len) => _socket.Send(buf, off, len, SocketFlags.None);

    public void Send(ReadOnlySpan<byte> buffer) => _socket.Send(buffer, SocketFlags.None);

    public void Close()
    {
    }
}
