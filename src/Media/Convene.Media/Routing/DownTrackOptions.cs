namespace Convene.Media.Routing;

/// <summary>What a subscriber negotiated for one forwarded track.</summary>
/// <param name="Ssrc">The SSRC we send to this subscriber with (announced in its SDP); unique within the router.</param>
/// <param name="PayloadType">The subscriber's payload type for the codec.</param>
/// <param name="ExtensionIdMap">
/// Maps a publisher extension id (index) to the subscriber's id for the same URI; 0 (or an index past the end)
/// drops the element. Null drops every element.
/// </param>
/// <param name="Cname">CNAME sent in SDES after each SR; empty to send SR alone.</param>
/// <param name="RtxSsrc">Our retransmission SSRC towards this subscriber (RFC 4588, announced in an FID group), 0 for none.</param>
/// <param name="RtxPayloadType">
/// The subscriber's rtx payload type bound to <paramref name="PayloadType"/> (apt); 0 answers NACKs by resending on
/// the media SSRC instead.
/// </param>
public sealed record DownTrackOptions(uint Ssrc, byte PayloadType, byte[]? ExtensionIdMap = null, string Cname = "", uint RtxSsrc = 0, byte RtxPayloadType = 0)
{
    /// <summary>The subscriber's id of the playout-delay header extension (<see cref="Sdp.SdpExtensionUris.PlayoutDelay"/>), 0 if not negotiated.</summary>
    public byte PlayoutDelayExtensionId { get; init; }
}
