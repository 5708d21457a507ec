using System.Buffers.Binary;

namespace Convene.Media.Rtp;

/// <summary>
/// RTP header extension elements in the one-byte (profile 0xBEDE) and two-byte (0x100x) forms of RFC 8285 §4.
/// All operations work on the packet span in place; none allocates.
/// </summary>
public static class RtpHeaderExtensions
{
    /// <summary>The one-byte header profile value (RFC 8285 §4.2).</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>The two-byte header profile value with appbits 0 (RFC 8285 §4.3).</summary>
    public const ushort TwoByteProfile = 0x1000;

    /// <summary>Finds element <paramref name="id"/> and returns its data.</summary>
    public static bool TryGet(ReadOnlySpan<byte> packet, int id, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryLocate(packet, out int dataOffset, out int dataLength, out bool oneByte)
            || !TryFind(packet.Slice(dataOffset, dataLength), oneByte, id, out int start, out int headerSize, out int length))
        {
            return false;
        }

        value = packet.Slice(dataOffset + start + headerSize, length);
        return true;
    }

    /// <summary>
    /// Rewrites every element's id through <paramref name="idMap"/> (<c>idMap[oldId]</c> = new id; 0, or an id the
    /// form cannot carry, drops the element by overwriting it with padding bytes, RFC 8285 §4.2). Ids beyond the
    /// map are dropped. Returns false if the extension block is malformed (the packet is then left partly rewritten).
    /// </summary>
    public static bool RewriteIds(Span<byte> packet, ReadOnlySpan<byte> idMap)
    {
        if (!TryLocate(packet, out int dataOffset, out int dataLength, out bool oneByte))
        {
            return packet.Length >= 1 && (packet[0] & 0x10) == 0;
        }

        Span<byte> data = packet.Slice(dataOffset, dataLength);
        int i = 0;
        while (i < data.Length)
        {
            if (!TryReadElement(data, i, oneByte, out int id, out int size, out _))
            {
                return oneByte && id == 15; // 15 ends one-byte parsing (RFC 8285 §4.2)
            }

            if (id == 0)
            {
                i++;
                continue;
            }

            int newId = id < idMap.Length ? idMap[id] : 0;
            if (newId == 0 || (oneByte && newId > 14))
            {
                data.Slice(i, size).Clear();
            }
            else if (oneByte)
            {
                data[i] = (byte)((newId << 4) | (data[i] & 0x0F));
            }
            else
            {
                data[i] = (byte)newId;
            }

            i += size;
        }

        return true;
    }

    /// <summary>
    /// Removes element <paramref name="id"/> from <c>buffer[..length]</c>, shrinking the extension block (or removing
    /// it and clearing the X bit when it becomes empty) and moving the payload down.
    /// </summary>
    public static bool TryRemove(Span<byte> buffer, int length, int id, out int newLength)
    {
        newLength = length;
        Span<byte> packet = buffer[..length];
        if (!TryLocate(packet, out int dataOffset, out int dataLength, out bool oneByte))
        {
            return false;
        }

        Span<byte> data = packet.Slice(dataOffset, dataLength);
        if (!TryFind(data, oneByte, id, out int start, out int headerSize, out int valueLength))
        {
            return false;
        }

        int size = headerSize + valueLength;
        data[(start + size)..].CopyTo(data[start..]);
        data[^size..].Clear();
        int used = UsedLength(data, oneByte);
        int newWords = (used + 3) / 4;
        int oldWords = dataLength / 4;
        int cut = (oldWords - newWords) * 4;
        int blockStart = dataOffset - 4;
        if (newWords == 0)
        {
            cut += 4; // drop the extension header too
            packet[0] &= 0xEF;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet[(blockStart + 2)..], (ushort)newWords);
        }

        int tailStart = dataOffset + dataLength;
        packet[tailStart..].CopyTo(packet[(tailStart - cut)..]);
        newLength = length - cut;
        return true;
    }

    /// <summary>
    /// Appends element <paramref name="id"/> with <paramref name="value"/>, creating the extension block if there is
    /// none (one-byte form when id ≤ 14 and 1 ≤ length ≤ 16, else two-byte form) and moving the payload up. Fails if
    /// the id is present, the existing form cannot carry it, or <paramref name="buffer"/> has no room.
    /// </summary>
    public static bool TryInsert(Span<byte> buffer, int length, int id, ReadOnlySpan<byte> value, out int newLength)
    {
        newLength = length;
        if (length < RtpPacket.FixedHeaderLength || length > buffer.Length || buffer[0] >> 6 != 2 || id < 1 || id > 255 || value.Length > 255)
        {
            return false;
        }

        int blockStart = RtpPacket.FixedHeaderLength + ((buffer[0] & 0x0F) * 4);
        bool fitsOneByte = id <= 14 && value.Length is >= 1 and <= 16;
        bool oneByte;
        int used;
        int oldDataLength;
        bool hasBlock = (buffer[0] & 0x10) != 0;
        if (hasBlock)
        {
            if (!TryLocate(buffer[..length], out int dataOffset, out oldDataLength, out oneByte))
            {
                return false;
            }

            Span<byte> data = buffer.Slice(dataOffset, oldDataLength);
            if ((oneByte && !fitsOneByte) || TryFind(data, oneByte, id, out _, out _, out _))
            {
                return false;
            }

            used = UsedLength(data, oneByte);
            if (used < 0)
            {
                return false;
            }
        }
        else
        {
            if (length < blockStart)
            {
                return false;
            }

            oneByte = fitsOneByte;
            used = 0;
            oldDataLength = 0;
        }

        int elementSize = (oneByte ? 1 : 2) + value.Length;
        int newDataLength = (used + elementSize + 3) / 4 * 4;
        int grow = newDataLength - oldDataLength + (hasBlock ? 0 : 4);
        if (length + grow > buffer.Length)
        {
            return false;
        }

        int tailStart = hasBlock ? blockStart + 4 + oldDataLength : blockStart;
        buffer[tailStart..length].CopyTo(buffer[(tailStart + grow)..]);
        if (!hasBlock)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer[blockStart..], oneByte ? OneByteProfile : TwoByteProfile);
            buffer[0] |= 0x10;
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer[(blockStart + 2)..], (ushort)(newDataLength / 4));
        Span<byte> block = buffer.Slice(blockStart + 4, newDataLength);
        int at = used;
        if (oneByte)
        {
            block[at++] = (byte)((id << 4) | (value.Length - 1));
        }
        else
        {
            block[at++] = (byte)id;
            block[at++] = (byte)value.Length;
        }

        value.CopyTo(block[at..]);
        block[(at + value.Length)..].Clear();
        newLength = length + grow;
        return true;
    }

    /// <summary>Locates the element area of the extension block and its form.</summary>
    private static bool TryLocate(ReadOnlySpan<byte> packet, out int dataOffset, out int dataLength, out bool oneByte)
    {
        dataOffset = dataLength = 0;
        oneByte = false;
        if (packet.Length < RtpPacket.FixedHeaderLength || packet[0] >> 6 != 2 || (packet[0] & 0x10) == 0)
        {
            return false;
        }

        int blockStart = RtpPacket.FixedHeaderLength + ((packet[0] & 0x0F) * 4);
        if (packet.Length < blockStart + 4)
        {
            return false;
        }

        ushort profile = BinaryPrimitives.ReadUInt16BigEndian(packet[blockStart..]);
        dataOffset = blockStart + 4;
        dataLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(blockStart + 2)..]) * 4;
        if (packet.Length < dataOffset + dataLength)
        {
            return false;
        }

        oneByte = profile == OneByteProfile;
        return oneByte || (profile & 0xFFF0) == TwoByteProfile;
    }

    /// <summary>Reads the element at <paramref name="i"/>: id 0 is a single padding byte.</summary>
    private static bool TryReadElement(ReadOnlySpan<byte> data, int i, bool oneByte, out int id, out int size, out int headerSize)
    {
        if (oneByte)
        {
            id = data[i] >> 4;
            headerSize = 1;
            size = id == 0 ? 1 : 1 + (data[i] & 0x0F) + 1;
            return id != 15 && i + size <= data.Length;
        }

        id = data[i];
        headerSize = 2;
        if (id == 0)
        {
            size = 1;
            return true;
        }

        if (i + 1 >= data.Length)
        {
            size = 0;
            return false;
        }

        size = 2 + data[i + 1];
        return i + size <= data.Length;
    }

    private static bool TryFind(ReadOnlySpan<byte> data, bool oneByte, int id, out int start, out int headerSize, out int length)
    {
        int i = 0;
        while (i < data.Length)
        {
            if (!TryReadElement(data, i, oneByte, out int current, out int size, out headerSize))
            {
                break;
            }

            if (current != 0 && current == id)
            {
                start = i;
                length = size - headerSize;
                return true;
            }

            i += size;
        }

        start = headerSize = length = 0;
        return false;
    }

    /// <summary>Bytes up to the end of the last element (trailing padding excluded); -1 if malformed.</summary>
    private static int UsedLength(ReadOnlySpan<byte> data, bool oneByte)
    {
        int i = 0;
        int used = 0;
        while (i < data.Length)
        {
            if (!TryReadElement(data, i, oneByte, out int id, out int size, out _))
            {
                return -1;
            }

            i += size;
            if (id != 0)
            {
                used = i;
            }
        }

        return used;
    }
}
