namespace Convene.Media.Sdp;

/// <summary>What the server sends in an m= section it answers with sendonly (a subscription).</summary>
/// <param name="Ssrc">The SSRC the router rewrites this subscriber's packets to.</param>
/// <param name="Cname">The RTCP CNAME (RFC 7022).</param>
/// <param name="StreamId">The msid stream id (RFC 8830).</param>
/// <param name="TrackId">The msid track id.</param>
/// <param name="RtxSsrc">Our retransmission SSRC, announced with <c>a=ssrc-group:FID</c> (RFC 4588 §8.3, RFC 5576 §4.2); 0 for none.</param>
public sealed record SdpOutgoingStream(uint Ssrc, string Cname, string StreamId, string TrackId, uint RtxSsrc = 0);
