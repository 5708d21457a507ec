namespace Convene.Media.Sdp;

/// <summary>A parsed session description (RFC 8866) as produced by a browser (JSEP, RFC 8829).</summary>
public sealed class SdpSessionDescription
{
    /// <summary>The o= line value.</summary>
    public string Origin { get; set; } = "";

    /// <summary>The mids of a=group:BUNDLE (RFC 8843), empty when there is none.</summary>
    public List<string> BundleMids { get; } = [];

    /// <summary>Session-level a=ice-lite.</summary>
    public bool IceLite { get; set; }

    /// <summary>Session-level a=ice-ufrag.</summary>
    public string? IceUfrag { get; set; }

    /// <summary>Session-level a=ice-pwd.</summary>
    public string? IcePwd { get; set; }

    /// <summary>Session-level a=fingerprint.</summary>
    public SdpFingerprint? Fingerprint { get; set; }

    /// <summary>Session-level a=setup.</summary>
    public string? Setup { get; set; }

    /// <summary>The m= sections in order.</summary>
    public List<SdpMediaDescription> Media { get; } = [];

    /// <summary>The ICE username fragment: the first media-level one, else the session-level one.</summary>
    public string? EffectiveIceUfrag => Media.Select(m => m.IceUfrag).FirstOrDefault(u => u is not null) ?? IceUfrag;

    /// <summary>The ICE password: the first media-level one, else the session-level one.</summary>
    public string? EffectiveIcePwd => Media.Select(m => m.IcePwd).FirstOrDefault(p => p is not null) ?? IcePwd;

    /// <summary>The DTLS fingerprint: the first media-level one, else the session-level one.</summary>
    public SdpFingerprint? EffectiveFingerprint => Media.Select(m => m.Fingerprint).FirstOrDefault(f => f is not null) ?? Fingerprint;
}
