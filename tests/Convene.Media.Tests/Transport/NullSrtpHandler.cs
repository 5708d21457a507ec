using Convene.Media.Transport;

namespace Convene.Media.Tests.Transport;

/// <summary>Counts packets; optionally throws to prove a faulty handler cannot stop the loop.</summary>
internal sealed class NullSrtpHandler : ISrtpPacketHandler
{
    private int _count;

    public bool Throw { get; init; }

    public int Count => Volatile.Read(ref _count);

    public void OnPacket(MediaPeer peer, ReadOnlySpan<byte> datagram, bool isRtcp)
    {
        Interlocked.Increment(ref _count);
        if (Throw)
        {
            throw new InvalidOperationException("handler failure");
        }
    }
}
