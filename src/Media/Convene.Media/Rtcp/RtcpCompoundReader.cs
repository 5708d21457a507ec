using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>
/// Iterates the packets of a compound RTCP packet (RFC 3550 §6.1). Stops with <see cref="IsMalformed"/> set when a
/// header is not version 2 or its length runs past the end; never throws.
/// </summary>
public ref struct RtcpCompoundReader
{
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Starts reading <paramref name="compound"/>.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> compound)
    {
        _remaining = compound;
        IsMalformed = false;
    }

    /// <summary>True once a malformed packet was met (nothing after it is returned).</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Returns the next packet, or false at the end or on malformed input.</summary>
    public bool TryReadNext(out RtcpPacket packet)
    {
        packet = default;
        if (_remaining.IsEmpty || IsMalformed)
        {
            return false;
        }

        if (_remaining.Length < 4 || _remaining[0] >> 6 != 2)
        {
            IsMalformed = true;
            return false;
        }

        int length = (BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]) + 1) * 4;
        if (length > _remaining.Length)
        {
            IsMalformed = true;
            return false;
        }

        packet = new RtcpPacket(_remaining[..length]);
        _remaining = _remaining[length..];
        return true;
    }
}
