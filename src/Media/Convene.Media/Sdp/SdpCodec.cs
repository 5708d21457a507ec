namespace Convene.Media.Sdp;

/// <summary>One payload type of an m= section: a=rtpmap, a=fmtp and a=rtcp-fb (RFC 8866 §6.6, RFC 4585 §4.2).</summary>
public sealed class SdpCodec
{
    /// <summary>Creates a codec entry.</summary>
    public SdpCodec(int payloadType, string name, int clockRate, int channels)
    {
        PayloadType = payloadType;
        Name = name;
        ClockRate = clockRate;
        Channels = channels;
    }

    /// <summary>The RTP payload type.</summary>
    public int PayloadType { get; }

    /// <summary>The encoding name as written, e.g. "opus", "VP8".</summary>
    public string Name { get; }

    /// <summary>The RTP clock rate.</summary>
    public int ClockRate { get; }

    /// <summary>Audio channels (1 when not given).</summary>
    public int Channels { get; }

    /// <summary>The a=fmtp parameters, or null.</summary>
    public string? Fmtp { get; set; }

    /// <summary>The a=rtcp-fb values, e.g. "nack", "nack pli", "ccm fir".</summary>
    public List<string> RtcpFeedback { get; } = [];
}
