namespace Convene.Media.Sdp;

/// <summary>An a=ssrc-group line (RFC 5576 §4.2), e.g. FID (RTX) or SIM.</summary>
/// <param name="Semantics">The grouping semantics, e.g. "FID".</param>
/// <param name="Ssrcs">The grouped SSRCs in order.</param>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs);
