namespace Convene.Media.Sdp;

/// <summary>RTP header extension URIs the transport negotiates (RFC 8285).</summary>
public static class SdpExtensionUris
{
    /// <summary>RFC 8843 §15: the BUNDLE mid.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RFC 6464: client-to-mixer audio level.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Absolute send time (webrtc.org).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>RFC 8852: the rid of a simulcast encoding.</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852: the rid a repair stream belongs to.</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>
    /// webrtc.org's playout-delay extension (http://www.webrtc.org/experiments/rtp-hdrext/playout-delay): the sender
    /// bounds the receiver's playout delay, 12 bits of minimum and 12 of maximum in 10 ms units.
    /// </summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    /// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: the transport-wide sequence number.</summary>
    public const string TransportCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
}
