namespace Convene.Media.Relay;

/// <summary>
/// Where an <see cref="IMediaSender"/> takes its next outgoing plain RTP packet (<see cref="IMediaSender.ReserveRtp"/>):
/// the writer puts the packet straight into <see cref="Buffer"/> — adding the transport-wide sequence number element
/// when <see cref="TransportWideId"/> is set — and hands over its length with <see cref="IMediaSender.CommitRtp"/>.
/// </summary>
/// <param name="buffer">Room for the plain packet (the sender keeps what protection adds beyond it).</param>
/// <param name="transportWideId">
/// The transport-cc header extension id the peer negotiated (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2),
/// 0 when it did not: then the packet carries no transport-wide sequence number.
/// </param>
/// <param name="transportWideSequence">The transport-wide sequence number the packet carries if it gets the element.</param>
public readonly ref struct RtpSlot(Span<byte> buffer, byte transportWideId = 0, ushort transportWideSequence = 0)
{
    /// <summary>Where to write the packet; valid until the commit or the sender's next use.</summary>
    public Span<byte> Buffer { get; } = buffer;

    /// <summary>The transport-cc element id to add, 0 for none.</summary>
    public byte TransportWideId { get; } = transportWideId;

    /// <summary>The 16-bit value of the transport-cc element.</summary>
    public ushort TransportWideSequence { get; } = transportWideSequence;
}
