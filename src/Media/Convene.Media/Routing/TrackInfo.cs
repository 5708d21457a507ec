namespace Convene.Media.Routing;

/// <summary>A published track as negotiated with its publisher.</summary>
/// <param name="Ssrc">The publisher's media SSRC.</param>
/// <param name="Kind">Audio or video.</param>
/// <param name="Codec">The codec (selects keyframe detection).</param>
/// <param name="PayloadType">The publisher's payload type; packets with another payload type are dropped.</param>
/// <param name="ClockRate">RTP clock rate (48,000 for Opus, 90,000 for video).</param>
/// <param name="AudioLevelExtensionId">The publisher's id for RFC 6464 audio level, 0 if not negotiated.</param>
/// <param name="RtxSsrc">The publisher's retransmission SSRC (RFC 4588, the second SSRC of its a=ssrc-group:FID), 0 for none.</param>
/// <param name="RtxPayloadType">The payload type of its retransmissions (rtx with apt = <paramref name="PayloadType"/>), 0 for none.</param>
public sealed record TrackInfo(uint Ssrc, MediaKind Kind, MediaCodec Codec, byte PayloadType, int ClockRate, byte AudioLevelExtensionId = 0, uint RtxSsrc = 0, byte RtxPayloadType = 0);
