namespace Convene.Media.Routing;

/// <summary>
/// What one subscriber's compound RTCP asked for: generic NACKs (RFC 4585 §6.2.1) and keyframe requests (PLI, RFC 4585
/// §6.3.1; FIR, RFC 5104 §4.3.1), counted whether or not their media SSRC is known, and whether the compound was
/// malformed (then dropped after what could be read). The relay adds them to its counters.
/// </summary>
/// <param name="Nacks">Generic NACK messages.</param>
/// <param name="KeyframeRequests">PLI and FIR messages.</param>
/// <param name="Malformed">True when the compound packet was malformed (counted in <see cref="MediaRouter.DroppedPackets"/>).</param>
public readonly record struct SubscriberFeedback(int Nacks, int KeyframeRequests, bool Malformed = false);
