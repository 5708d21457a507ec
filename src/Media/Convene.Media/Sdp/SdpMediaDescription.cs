namespace Convene.Media.Sdp;

/// <summary>One m= section of a session description (RFC 8866 §5.14) with the WebRTC attributes.</summary>
public sealed class SdpMediaDescription
{
    /// <summary>Creates an m= section.</summary>
    public SdpMediaDescription(string kind, int port, string protocol, IReadOnlyList<string> formats)
    {
        Kind = kind;
        Port = port;
        Protocol = protocol;
        Formats = formats;
    }

    /// <summary>"audio", "video" or "application".</summary>
    public string Kind { get; }

    /// <summary>The port of the m= line (9 in browser offers, 0 for a rejected section).</summary>
    public int Port { get; }

    /// <summary>The transport protocol, e.g. "UDP/TLS/RTP/SAVPF".</summary>
    public string Protocol { get; }

    /// <summary>The formats (payload types) in preference order.</summary>
    public IReadOnlyList<string> Formats { get; }

    /// <summary>a=mid (RFC 8843 §4).</summary>
    public string? Mid { get; set; }

    /// <summary>Media-level a=ice-ufrag.</summary>
    public string? IceUfrag { get; set; }

    /// <summary>Media-level a=ice-pwd.</summary>
    public string? IcePwd { get; set; }

    /// <summary>Media-level a=fingerprint.</summary>
    public SdpFingerprint? Fingerprint { get; set; }

    /// <summary>a=setup (RFC 4145 §4): actpass, active or passive.</summary>
    public string? Setup { get; set; }

    /// <summary>The direction (sendrecv when absent).</summary>
    public SdpDirection Direction { get; set; } = SdpDirection.SendRecv;

    /// <summary>a=rtcp-mux (RFC 5761).</summary>
    public bool RtcpMux { get; set; }

    /// <summary>a=rtcp-rsize (RFC 5506).</summary>
    public bool RtcpReducedSize { get; set; }

    /// <summary>a=msid (RFC 8830): "stream-id track-id".</summary>
    public string? Msid { get; set; }

    /// <summary>Payload types with their rtpmap/fmtp/rtcp-fb, in m= line order.</summary>
    public List<SdpCodec> Codecs { get; } = [];

    /// <summary>Header extensions.</summary>
    public List<SdpExtmap> Extmaps { get; } = [];

    /// <summary>a=ssrc lines.</summary>
    public List<SdpSsrc> Ssrcs { get; } = [];

    /// <summary>a=ssrc-group lines.</summary>
    public List<SdpSsrcGroup> SsrcGroups { get; } = [];

    /// <summary>a=rid lines.</summary>
    public List<SdpRid> Rids { get; } = [];

    /// <summary>a=simulcast, or null.</summary>
    public SdpSimulcast? Simulcast { get; set; }

    /// <summary>a=candidate values as written.</summary>
    public List<string> Candidates { get; } = [];

    /// <summary>The codec with this payload type, or null.</summary>
    public SdpCodec? FindCodec(int payloadType) => Codecs.Find(c => c.PayloadType == payloadType);
}
