using System.Buffers.Binary;

namespace Convene.Media.Tests.Routing;

/// <summary>
/// Writes transport-wide feedback the way the draft lays it out (§3.1), with 2-bit status vector chunks only
/// (§3.1.4, S = 1) and a delta per received packet: 1 byte when 0–63.75 ms, else 2 signed bytes.
/// </summary>
internal static class FeedbackWriter
{
    /// <summary>One message about packets <paramref name="baseSeq"/>, +1, … (<paramref name="packets"/>: arrival in µs, or null when lost), feedback count <paramref name="count"/>.</summary>
    public static byte[] Write(ushort baseSeq, IReadOnlyList<long?> packets, byte count = 0)
    {
        long first = packets.FirstOrDefault(p => p is not null) ?? 0;
        int reference = (int)Math.Floor(first / 64_000.0);
        var chunks = new List<byte>();
        var deltas = new List<byte>();
        long previous = reference * 64_000L;
        for (int start = 0; start < packets.Count; start += 7)
        {
            int chunk = 0xC000;
            for (int k = 0; k < 7 && start + k < packets.Count; k++)
            {
                int symbol = 0;
                if (packets[start + k] is long arrival)
                {
                    long delta = (arrival - previous) / 250;
                    previous += delta * 250;
                    symbol = delta is >= 0 and <= 255 ? 1 : 2;
                    if (symbol == 1)
                    {
                        deltas.Add((byte)delta);
                    }
                    else
                    {
                        deltas.Add((byte)(delta >> 8));
                        deltas.Add((byte)delta);
                    }
                }

                chunk |= symbol << (12 - (2 * k));
            }

            chunks.Add((byte)(chunk >> 8));
            chunks.Add((byte)chunk);
        }

        int length = (20 + chunks.Count + deltas.Count + 3) / 4 * 4;
        var bytes = new byte[length];
        bytes[0] = 0x8F;
        bytes[1] = 205;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), 0x11111111);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 0x22222222);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(12), baseSeq);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(14), (ushort)packets.Count);
        bytes[16] = (byte)(reference >> 16);
        bytes[17] = (byte)(reference >> 8);
        bytes[18] = (byte)reference;
        bytes[19] = count;
        chunks.CopyTo(bytes, 20);
        deltas.CopyTo(bytes, 20 + chunks.Count);
        return bytes;
    }
}
