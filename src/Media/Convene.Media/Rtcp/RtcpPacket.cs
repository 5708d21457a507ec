using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>One RTCP packet inside a compound packet: the common header (RFC 3550 §6.4.1) and its bytes.</summary>
public readonly ref struct RtcpPacket
{
    internal RtcpPacket(ReadOnlySpan<byte> bytes)
    {
        Bytes = bytes;
    }

    /// <summary>The whole packet, header included (padding included when the P bit is set).</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>RC / SC for reports, FMT for feedback messages.</summary>
    public int Count => Bytes[0] & 0x1F;

    /// <summary>Packet type (<see cref="RtcpPacketType"/>).</summary>
    public byte Type => Bytes[1];

    /// <summary>The P bit.</summary>
    public bool HasPadding => (Bytes[0] & 0x20) != 0;

    /// <summary>The first SSRC after the header (the sender's), or 0 if the packet has none.</summary>
    public uint SenderSsrc => Bytes.Length >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(Bytes[4..]) : 0;

    /// <summary>Bytes after the padding is removed (never below 4).</summary>
    internal int ContentLength => HasPadding && Bytes[^1] <= Bytes.Length - 4 ? Bytes.Length - Bytes[^1] : Bytes.Length;

    /// <summary>Writes a common header: V = 2, no padding, <paramref name="totalLength"/> a multiple of 4.</summary>
    internal static void WriteHeader(Span<byte> destination, int count, byte type, int totalLength)
    {
        destination[0] = (byte)(0x80 | (count & 0x1F));
        destination[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((totalLength / 4) - 1));
    }
}
