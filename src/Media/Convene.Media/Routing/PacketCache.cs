using System.Buffers;

namespace Convene.Media.Routing;

/// <summary>
/// The last N packets of one stream, indexed by sequence number, in buffers rented from the shared pool once per
/// slot and reused (the NACK cache, RFC 4585 §6.2.1). Used from the socket loop only.
/// </summary>
internal sealed class PacketCache : IDisposable
{
    private readonly byte[]?[] _buffers;
    private readonly int[] _lengths;
    private readonly ushort[] _seqs;
    private readonly int _mask;
    private readonly int _maxPacketSize;

    public PacketCache(int size, int maxPacketSize)
    {
        int capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, size));
        _buffers = new byte[capacity][];
        _lengths = new int[capacity];
        _seqs = new ushort[capacity];
        _mask = capacity - 1;
        _maxPacketSize = maxPacketSize;
    }

    public int Capacity => _mask + 1;

    /// <summary>Copies <paramref name="packet"/> into the slot of <paramref name="seq"/>; returns the copy (empty if too big).</summary>
    public ReadOnlySpan<byte> Store(ushort seq, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > _maxPacketSize)
        {
            return ReadOnlySpan<byte>.Empty;
        }

        int slot = seq & _mask;
        byte[] buffer = _buffers[slot] ??= ArrayPool<byte>.Shared.Rent(_maxPacketSize);
        packet.CopyTo(buffer);
        _lengths[slot] = packet.Length;
        _seqs[slot] = seq;
        return buffer.AsSpan(0, packet.Length);
    }

    /// <summary>Finds the packet with <paramref name="seq"/> if it is still cached.</summary>
    public bool TryGet(ushort seq, out ReadOnlySpan<byte> packet)
    {
        int slot = seq & _mask;
        byte[]? buffer = _buffers[slot];
        if (buffer is null || _seqs[slot] != seq || _lengths[slot] == 0)
        {
            packet = default;
            return false;
        }

        packet = buffer.AsSpan(0, _lengths[slot]);
        return true;
    }

    public void Dispose()
    {
        for (int i = 0; i < _buffers.Length; i++)
        {
            if (_buffers[i] is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                _buffers[i] = null;
                _lengths[i] = 0;
            }
        }
    }
}
