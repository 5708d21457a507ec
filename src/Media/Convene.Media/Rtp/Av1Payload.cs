namespace Convene.Media.Rtp;

/// <summary>The AV1 aggregation header (AOM "RTP Payload Format for AV1" v1.0.0 §4.4), read to find keyframes.</summary>
public static class Av1Payload
{
    private const byte Z = 0x80, N = 0x08;

    /// <summary>
    /// True if the packet is the first of a coded video sequence: N = 1 in the aggregation header (§4.4: "MUST be set
    /// to 1 if the packet is the first packet of a coded video sequence"), which starts with a key frame, and Z = 0
    /// (the first OBU element is not the continuation of an earlier packet's).
    /// </summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> payload)
        => payload.Length > 1 && (payload[0] & N) != 0 && (payload[0] & Z) == 0;
}
