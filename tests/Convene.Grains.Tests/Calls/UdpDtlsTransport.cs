using System.Net.Sockets;
using Org.BouncyCastle.Tls;

namespace Convene.Grains.Tests.Calls;

/// <summary>
/// BouncyCastle's datagram transport over a connected UDP socket that also carries STUN: only DTLS records
/// (first byte 20–63, RFC 7983 §7) reach the handshake, the answers to consent checks are skipped.
/// </summary>
internal sealed class UdpDtlsTransport(Socket socket) : DatagramTransport
{
    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => 1200;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        var deadline = Environment.TickCount64 + waitMillis;
        while (true)
        {
            var left = deadline - Environment.TickCount64;
            if (left <= 0) return -1;
            socket.ReceiveTimeout = (int)Math.Max(1, left);
            int received;
            try
            {
                received = socket.Receive(buffer, SocketFlags.None);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                return -1;
            }
            if (received > 0 && buffer[0] is >= 20 and <= 63) return received;
        }
    }

    public void Send(byte[] buf, int off, int len) => socket.Send(buf, off, len, SocketFlags.None);

    public void Send(ReadOnlySpan<byte> buffer) => socket.Send(buffer, SocketFlags.None);

    public void Close()
    {
    }
}
