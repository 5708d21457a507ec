namespace Convene.Media.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public static class RtcpPacketType
{
    /// <summary>Sender report.</summary>
    public const byte SenderReport = 200;

    /// <summary>Receiver report.</summary>
    public const byte ReceiverReport = 201;

    /// <summary>Source description.</summary>
    public const byte SourceDescription = 202;

    /// <summary>Goodbye.</summary>
    public const byte Goodbye = 203;

    /// <summary>Transport-layer feedback (generic NACK is FMT 1).</summary>
    public const byte TransportFeedback = 205;

    /// <summary>Payload-specific feedback (PLI FMT 1, FIR FMT 4, REMB FMT 15).</summary>
    public const byte PayloadFeedback = 206;

    /// <summary>Extended reports (RFC 3611).</summary>
    public const byte ExtendedReport = 207;
}
