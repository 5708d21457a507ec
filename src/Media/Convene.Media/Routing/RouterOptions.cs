namespace Convene.Media.Routing;

/// <summary>Router tuning.</summary>
public sealed record RouterOptions
{
    /// <summary>At most one keyframe request (PLI) per publisher track within this interval (default 500 ms).</summary>
    public TimeSpan KeyframeRequestInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Packets kept per published track to answer NACKs; rounded up to a power of two (default 512).</summary>
    public int NackCacheSize { get; init; } = 512;

    /// <summary>Largest RTP packet accepted (default 1,500 bytes).</summary>
    public int MaxPacketSize { get; init; } = 1500;

    /// <summary>The SSRC the router uses as sender of its own RTCP towards publishers (RR, PLI).</summary>
    public uint RtcpSenderSsrc { get; init; } = 1;
}
