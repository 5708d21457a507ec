using System.Collections.Concurrent;
using Convene.Media.Transport;

namespace Convene.Media.Tests.Interop;

/// <summary>Counts protected datagrams per peer and signals the first one.</summary>
internal sealed class RecordingSrtpHandler : ISrtpPacketHandler
{
    private readonly ConcurrentDictionary<MediaPeer, int> _counts = new();
    private readonly TaskCompletionSource<MediaPeer> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _rtcp;

    public Task<MediaPeer> FirstPacket => _first.Task;

    public int RtcpCount => Volatile.Read(ref _rtcp);

    public int CountFor(MediaPeer peer) => _counts.TryGetValue(peer, out var n) ? n : 0;

    public void OnPacket(MediaPeer peer, ReadOnlySpan<byte> datagram, bool isRtcp)
    {
        _counts.AddOrUpdate(peer, 1, (_, n) => n + 1);
        if (isRtcp)
        {
            Interlocked.Increment(ref _rtcp);
        }

        _first.TrySetResult(peer);
    }
}
