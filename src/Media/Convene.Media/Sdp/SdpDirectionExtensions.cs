namespace Convene.Media.Sdp;

/// <summary>Helpers for <see cref="SdpDirection"/>.</summary>
public static class SdpDirectionExtensions
{
    /// <summary>The answer's direction for an offered one (RFC 3264 §6.1): send and receive swap.</summary>
    public static SdpDirection Reverse(this SdpDirection offered) => offered switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        _ => offered,
    };

    /// <summary>The attribute name, e.g. "sendonly".</summary>
    public static string ToAttribute(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };
}
