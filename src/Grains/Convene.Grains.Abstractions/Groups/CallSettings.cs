using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>Group call settings (<c>group.call.*</c>).</summary>
[GenerateSerializer, Immutable, Alias("convene.CallSettings")]
public sealed record CallSettings
{
    /// <summary>The defaults (<c>group.call.default = true</c> resets to these).</summary>
    public static CallSettings Default { get; } = new();

    /// <summary>Group call flags.</summary>
    [Id(0)]
    public int Flags { get; init; }

    /// <summary>Default video resolution (0 standard, 1 HD, 2 FHD, 3 4K).</summary>
    [Id(1)]
    public int Resolution { get; init; }

    /// <summary>Maximum duration of a call in seconds; 0 unlimited.</summary>
    [Id(2)]
    public int MaxDuration { get; init; }

    /// <summary>Voice allowed.</summary>
    [Id(3)]
    public bool Audio { get; init; } = true;

    /// <summary>Video allowed.</summary>
    [Id(4)]
    public bool Video { get; init; } = true;

    /// <summary>Screen sharing allowed.</summary>
    [Id(5)]
    public bool ScreenSharing { get; init; } = true;

    /// <summary>Publishers send simulcast layers.</summary>
    [Id(6)]
    public bool Simulcast { get; init; }

    /// <summary>Maximum bitrate in kbit/s; 0 adaptive.</summary>
    [Id(7)]
    public int Bitrate { get; init; }

    /// <summary>
    /// The video codecs publishers may send, in order of preference (<c>call.codecs</c>, a Convene extension): a
    /// comma-separated list of <c>vp8</c>, <c>vp9</c>, <c>h264</c>, <c>av1</c>; a publisher's answer takes the first its
    /// browser offers, subscribers receive the publisher's codec.
    /// </summary>
    [Id(8)]
    public string Codecs { get; init; } = "vp8,vp9,h264,av1";
}
