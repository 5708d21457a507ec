using System.Net;
using System.Net.Sockets;
using Convene.Media.Relay;
using Convene.Media.Srtp;

namespace Convene.Bench.Media;

/// <summary>What the transport will do with a routed packet: copy, SRTP-protect, send to a loopback socket.</summary>
internal sealed class SrtpSocketSender : IMediaSender, IDisposable
{
    private readonly SrtpContext _srtp;
    private readonly Socket _socket;
    private readonly SocketAddress _destination;
    private readonly byte[] _buffer = new byte[1600];

    public SrtpSocketSender(SrtpContext srtp, Socket socket, IPEndPoint destination)
    {
        _srtp = srtp;
        _socket = socket;
        _destination = destination.Serialize();
    }

    public void SendRtp(ReadOnlySpan<byte> packet)
    {
        packet.CopyTo(_buffer);
        if (_srtp.ProtectRtp(_buffer, packet.Length, out int length) == SrtpStatus.Ok)
        {
            _socket.SendTo(_buffer.AsSpan(0, length), SocketFlags.None, _destination);
        }
    }

    public void SendRtcp(ReadOnlySpan<byte> packet)
    {
        packet.CopyTo(_buffer);
        if (_srtp.ProtectRtcp(_buffer, packet.Length, out int length) == SrtpStatus.Ok)
        {
            _socket.SendTo(_buffer.AsSpan(0, length), SocketFlags.None, _destination);
        }
    }

    public void Dispose() => _srtp.Dispose();
}
