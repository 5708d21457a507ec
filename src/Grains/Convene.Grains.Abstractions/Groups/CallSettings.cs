using Convene.Actors.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>Group call settings (<c>group.call.*</c>).</summary>
[Immutable]
public sealed record CallSettings
{
    /// <summary>The defaults (<c>group.call.default = true</c> resets to these).</summary>
    public static CallSettings Default { get; } = new();

    /// <summary>Group call flags.</summary>
    public int Flags { get; init; }

    /// <summary>Default video resolution (0 standard, 1 HD, 2 FHD, 3 4K).</summary>
    public int Resolution { get; init; }

    /// <summary>Maximum duration of a call in seconds; 0 unlimited.</summary>
    public int MaxDuration { get; init; }

    /// <summary>Voice allowed.</summary>
    public bool Audio { get; init; } = true;

    /// <summary>Video allowed.</summary>
    public bool Video { get; init; } = true;

    /// <summary>Screen sharing allowed.</summary>
    public bool ScreenSharing { get; init; } = true;

    /// <summary>Publishers send simulcast layers.</summary>
    public bool Simulcast { get; init; }

    /// <summary>Maximum bitrate in kbit/s; 0 adaptive.</summary>
    public int Bitrate { get; init; }
}
