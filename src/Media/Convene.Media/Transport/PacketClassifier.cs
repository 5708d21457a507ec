namespace Convene.Media.Transport;

/// <summary>The RFC 7983 §7 demultiplexing rule for STUN, DTLS and (S)RTP on one port.</summary>
public static class PacketClassifier
{
    /// <summary>Classifies a datagram by its first byte.</summary>
    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return PacketKind.Unknown;
        }

        return datagram[0] switch
        {
            <= 3 => PacketKind.Stun,
            >= 20 and <= 63 => PacketKind.Dtls,
            >= 128 and <= 191 => PacketKind.Rtp,
            _ => PacketKind.Unknown,
        };
    }

    /// <summary>
    /// True when an RTP-range datagram is RTCP: with rtcp-mux, RTCP packet types 192–223 occupy the
    /// second byte where RTP has marker + payload type (RFC 5761 §4).
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram)
        => datagram.Length >= 2 && datagram[1] is >= 192 and <= 223;
}
