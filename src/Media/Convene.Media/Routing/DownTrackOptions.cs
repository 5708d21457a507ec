namespace Convene.Media.Routing;

/// <summary>What a subscriber negotiated for one forwarded track.</summary>
/// <param name="Ssrc">The SSRC we send to this subscriber with (announced in its SDP); unique within the router.</param>
/// <param name="PayloadType">The subscriber's payload type for the codec.</param>
/// <param name="ExtensionIdMap">
/// Maps a publisher extension id (index) to the subscriber's id for the same URI; 0 (or an index past the end)
/// drops the element. Null drops every element.
/// </param>
/// <param name="Cname">CNAME sent in SDES after each SR; empty to send SR alone.</param>
public sealed record DownTrackOptions(uint Ssrc, byte PayloadType, byte[]? ExtensionIdMap = null, string Cname = "");
