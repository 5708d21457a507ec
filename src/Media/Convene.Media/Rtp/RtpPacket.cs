using System.Buffers.Binary;

namespace Convene.Media.Rtp;

/// <summary>
/// A view over one RTP packet (RFC 3550 §5.1) in a caller's span. Setters write straight into the span, so a
/// forwarder can rewrite SSRC, payload type, sequence number and timestamp in place without copying.
/// </summary>
public readonly ref struct RtpPacket
{
    /// <summary>Length of the fixed header.</summary>
    public const int FixedHeaderLength = 12;

    private readonly Span<byte> _packet;

    private RtpPacket(Span<byte> packet, int headerLength, int paddingLength)
    {
        _packet = packet;
        HeaderLength = headerLength;
        PaddingLength = paddingLength;
    }

    /// <summary>Validates the header (version 2, CSRC list, extension and padding within the packet) and wraps it.</summary>
    public static bool TryParse(Span<byte> packet, out RtpPacket rtp)
    {
        if (!TryMeasure(packet, out int header, out int padding))
        {
            rtp = default;
            return false;
        }

        rtp = new RtpPacket(packet, header, padding);
        return true;
    }

    /// <summary>
    /// The validation of <see cref="TryParse"/> on a read-only packet: the header's length (fixed header, CSRCs,
    /// extension block) and the padding's (RFC 3550 §5.1: the last octet counts the padding octets, itself included).
    /// </summary>
    public static bool TryMeasure(ReadOnlySpan<byte> packet, out int headerLength, out int paddingLength)
    {
        headerLength = paddingLength = 0;
        if (packet.Length < FixedHeaderLength || packet[0] >> 6 != 2)
        {
            return false;
        }

        int header = FixedHeaderLength + ((packet[0] & 0x0F) * 4);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < header + 4)
            {
                return false;
            }

            header += 4 + (BinaryPrimitives.ReadUInt16BigEndian(packet[(header + 2)..]) * 4);
        }

        if (packet.Length < header)
        {
            return false;
        }

        int padding = 0;
        if ((packet[0] & 0x20) != 0)
        {
            padding = packet[^1];
            if (padding == 0 || padding > packet.Length - header)
            {
                return false;
            }
        }

        headerLength = header;
        paddingLength = padding;
        return true;
    }

    /// <summary>The whole packet.</summary>
    public Span<byte> Buffer => _packet;

    /// <summary>Fixed header + CSRCs + extension.</summary>
    public int HeaderLength { get; }

    /// <summary>Padding octets at the end (0 without the P bit).</summary>
    public int PaddingLength { get; }

    /// <summary>RTP version (always 2 for a parsed packet).</summary>
    public int Version => _packet[0] >> 6;

    /// <summary>The P bit.</summary>
    public bool HasPadding => (_packet[0] & 0x20) != 0;

    /// <summary>The X bit.</summary>
    public bool HasExtension => (_packet[0] & 0x10) != 0;

    /// <summary>Number of CSRC identifiers.</summary>
    public int CsrcCount => _packet[0] & 0x0F;

    /// <summary>The M bit.</summary>
    public bool Marker
    {
        get => (_packet[1] & 0x80) != 0;
        set => _packet[1] = (byte)((_packet[1] & 0x7F) | (value ? 0x80 : 0));
    }

    /// <summary>7-bit payload type.</summary>
    public byte PayloadType
    {
        get => (byte)(_packet[1] & 0x7F);
        set => _packet[1] = (byte)((_packet[1] & 0x80) | (value & 0x7F));
    }

    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_packet[2..], value);
    }

    /// <summary>Media timestamp.</summary>
    public uint Timestamp
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_packet[4..], value);
    }

    /// <summary>Synchronization source.</summary>
    public uint Ssrc
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_packet[8..], value);
    }

    /// <summary>The extension's "defined by profile" field (0xBEDE one-byte, 0x100x two-byte), 0 without one.</summary>
    public ushort ExtensionProfile =>
        HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_packet[(FixedHeaderLength + (CsrcCount * 4))..]) : (ushort)0;

    /// <summary>The extension's element area (after the 4-byte extension header), empty without one.</summary>
    public Span<byte> ExtensionData =>
        HasExtension ? _packet[(FixedHeaderLength + (CsrcCount * 4) + 4)..HeaderLength] : Span<byte>.Empty;

    /// <summary>The payload, without padding.</summary>
    public Span<byte> Payload => _packet[HeaderLength..(_packet.Length - PaddingLength)];

    /// <summary>Reads CSRC <paramref name="index"/> (0-based, below <see cref="CsrcCount"/>).</summary>
    public uint GetCsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(_packet[(FixedHeaderLength + (index * 4))..]);

    /// <summary>Writes a 12-byte header (no CSRCs, no extension, no padding); returns 12, or 0 if it does not fit.</summary>
    public static int WriteHeader(Span<byte> destination, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker = false)
    {
        if (destination.Length < FixedHeaderLength)
        {
            return 0;
        }

        destination[0] = 0x80;
        destination[1] = (byte)((payloadType & 0x7F) | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        return FixedHeaderLength;
    }
}
