using System.Net;
using System.Net.Sockets;
using Convene.Media.Relay;
using Convene.Media.Srtp;
using Convene.Media.Transport;

namespace Convene.Bench.Media;

/// <summary>
/// What the transport will do with a routed packet: the router writes it into our buffer, it is SRTP-protected in place
/// and sent to a loopback socket — one <c>sendto</c> each, or, with a <see cref="DatagramBatch"/>, written and protected in
/// the batch's next slot for the caller to flush (what the relay does: one <c>sendmmsg</c> per packet in).
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

    /// <summary>The batch's next slot (the rewritten packet is written there and protected in place), else our buffer.</summary>
    public RtpSlot ReserveRtp() => new(_batch is { } batch ? batch.Slot[..(DatagramBatch.SlotSize - 64)] : _buffer.AsSpan(0, _buffer.Length - 64));

    public void CommitRtp(int length, bool transportWideStamped)
    {
        if (_batch is { } batch)
        {
            if (_srtp.ProtectRtp(batch.Slot, length, out int protectedLength) == SrtpStatus.Ok)
            {
                batch.Commit(protectedLength, _destination, 0);
            }

            return;
        }

        if (_srtp.ProtectRtp(_buffer, length, out int sent) == SrtpStatus.Ok)
        {
            _socket.SendTo(_buffer.AsSpan(0, sent), SocketFlags.None, _destination);
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
