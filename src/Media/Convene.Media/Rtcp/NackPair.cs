namespace Convene.Media.Rtcp;

/// <summary>One generic NACK FCI entry (RFC 4585 §6.2.1): a lost packet id and a bitmask of the 16 following.</summary>
/// <param name="PacketId">The lost sequence number.</param>
/// <param name="LostBitmask">Bit i set: PacketId + i + 1 is lost too.</param>
public readonly record struct NackPair(ushort PacketId, ushort LostBitmask)
{
    /// <summary>Writes the lost sequence numbers (1 to 17) into <paramref name="destination"/>; returns how many.</summary>
    public int GetLostSequenceNumbers(Span<ushort> destination)
    {
        int n = 0;
        if (destination.IsEmpty)
        {
            return 0;
        }

        destination[n++] = PacketId;
        for (int bit = 0; bit < 16 && n < destination.Length; bit++)
        {
            if ((LostBitmask & (1 << bit)) != 0)
            {
                destination[n++] = (ushort)(PacketId + bit + 1);
            }
        }

        return n;
    }

    /// <summary>Packs ascending sequence numbers into pairs; returns how many pairs were written.</summary>
    public static int Pack(ReadOnlySpan<ushort> lost, Span<NackPair> destination)
    {
        int count = 0;
        int i = 0;
        while (i < lost.Length && count < destination.Length)
        {
            ushort id = lost[i++];
            ushort mask = 0;
            while (i < lost.Length)
            {
                int offset = (ushort)(lost[i] - id) - 1;
                if (offset < 0 || offset >= 16)
                {
                    break;
                }

                mask |= (ushort)(1 << offset);
                i++;
            }

            destination[count++] = new NackPair(id, mask);
        }

        return count;
    }
}
