using System.Net;
using System.Net.Sockets;
using Convene.Media.Relay;
using Convene.Media.Srtp;
using Convene.Media.Transport;

namespace Convene.Bench.Media;

/// <summary>
/// What the transport will do with a routed packet: copy, SRTP-protect, send to a loopback socket — one <c>sendto</c>
/// each, or, with a <see cref="DatagramBatch"/>, protected into the batch's next slot for the caller to flush (what the
/// relay does: one <c>sendmmsg</c> per packet in).
/// </summary>
internal sealed class SrtpSocketSender : IMediaSender, IDisposable
{
    private readonly SrtpContext _srtp;
    private readonly Socket _socket;
    private readonly SocketAddress _destination;
    private readonly DatagramBatch? _batch;
    private readonly byte[] _buffer = new byte[1600];

    public SrtpSocketSender(SrtpContext srtp, Socket socket, IPEndPoint destination, DatagramBatch? batch = null)
    {
        _srtp = srtp;
        _socket = socket;
        _destination = destination.Serialize();
        _batch = batch;
    }

    public void SendRtp(ReadOnlySpan<byte> packet)
    {
        if (_batch is { } batch)
        {
            Span<byte> slot = batch.Slot;
            packet.CopyTo(slot);
            if (_srtp.ProtectRtp(slot, packet.Length, out int protectedLength) == SrtpStatus.Ok)
            {
                batch.Commit(protectedLength, _destination, 0);
            }

            return;
        }

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
