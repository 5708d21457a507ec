namespace Convene.Media.Routing;

/// <summary>Audio or video.</summary>
public enum MediaKind
{
    /// <summary>Audio: forwarded from the first packet.</summary>
    Audio,

    /// <summary>Video: a down-track starts (and resumes) on a keyframe.</summary>
    Video,
}
