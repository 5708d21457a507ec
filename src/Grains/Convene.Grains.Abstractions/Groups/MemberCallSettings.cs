using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>
/// A member's own call settings (<c>group.members.call.*</c>), which tighten the room's (<c>group.call.*</c>) for that
/// member: e.g. key speakers in full HD and everyone else at 360p, or a student allowed voice but no video.
/// </summary>
[GenerateSerializer, Immutable, Alias("convene.MemberCallSettings")]
public sealed record MemberCallSettings
{
    /// <summary>No member-level settings: the room's apply.</summary>
    public static MemberCallSettings Default { get; } = new();

    /// <summary>Largest resolution (0 standard, 1 HD, 2 FHD, 3 4K, as <c>group.call.resolution</c>); null: the room's.</summary>
    [Id(0)]
    public int? Resolution { get; init; }

    /// <summary>Tallest video in pixels (e.g. 360), below what <see cref="Resolution"/> allows; 0: no such cap.</summary>
    [Id(1)]
    public int MaxHeight { get; init; }

    /// <summary>Maximum video bitrate in kbit/s; 0: only the room's cap.</summary>
    [Id(2)]
    public int Bitrate { get; init; }

    /// <summary>The member may publish voice (where the room allows it).</summary>
    public bool Audio { get => !NoAudio; init => NoAudio = !value; }

    /// <summary>The member may publish video (where the room allows it).</summary>
    public bool Video { get => !NoVideo; init => NoVideo = !value; }

    // Stored negated: JSON grain storage leaves out default values (false), which must therefore mean "allowed".
    /// <summary>Voice not allowed (the stored form of <see cref="Audio"/>).</summary>
    [Id(3)]
    public bool NoAudio { get; init; }

    /// <summary>Video not allowed (the stored form of <see cref="Video"/>).</summary>
    [Id(4)]
    public bool NoVideo { get; init; }
}
