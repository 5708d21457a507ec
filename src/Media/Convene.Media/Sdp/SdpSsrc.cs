namespace Convene.Media.Sdp;

/// <summary>An a=ssrc line (RFC 5576 §4.1): the SSRC and one source attribute (cname, msid, ...).</summary>
/// <param name="Ssrc">The synchronization source.</param>
/// <param name="Attribute">The attribute name, e.g. "cname".</param>
/// <param name="Value">The attribute value, or null.</param>
public sealed record SdpSsrc(uint Ssrc, string Attribute, string? Value);
