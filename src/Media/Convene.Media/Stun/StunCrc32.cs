namespace Convene.Media.Stun;

/// <summary>
/// CRC-32 (ISO-HDLC / IEEE 802.3, reflected polynomial 0xEDB88320) as used by the STUN
/// FINGERPRINT attribute (RFC 8489 §14.7). Table-driven, allocation-free.
/// </summary>
public static class StunCrc32
{
    private static readonly uint[] _table = BuildTable();

    /// <summary>Computes the CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        var table = _table;
        foreach (var b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
