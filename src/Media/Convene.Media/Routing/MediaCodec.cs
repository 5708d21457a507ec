namespace Convene.Media.Routing;

/// <summary>The codec of a published track, as far as the router needs to know it (keyframe detection).</summary>
public enum MediaCodec
{
    /// <summary>Opus (RFC 7587) or any audio codec.</summary>
    Opus,

    /// <summary>VP8 (RFC 7741).</summary>
    Vp8,

    /// <summary>H.264 (RFC 6184), packetization-mode 1.</summary>
    H264,

    /// <summary>VP9 (RFC 9628), profile 0.</summary>
    Vp9,

    /// <summary>AV1 (AOM "RTP Payload Format for AV1" v1.0.0), profile 0.</summary>
    Av1,
}
