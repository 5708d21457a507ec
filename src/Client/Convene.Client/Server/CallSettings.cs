using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>A group's call settings; null leaves a value unchanged.</summary>
public sealed record CallSettings
{
    /// <summary>Reset the call settings to their defaults before applying these (requests only).</summary>
    [JsonPropertyName("default")] public bool? Default { get; init; }

    /// <summary>Call flags.</summary>
    [JsonPropertyName("flags")] public int? Flags { get; init; }

    /// <summary>Maximum resolution: 0 standard, 1 HD, 2 full HD, 3 4K.</summary>
    [JsonPropertyName("resolution")] public int? Resolution { get; init; }

    /// <summary>Maximum call duration in seconds; 0 unlimited.</summary>
    [JsonPropertyName("maxdur")] public int? MaxDurationSeconds { get; init; }

    /// <summary>Whether audio is allowed.</summary>
    [JsonPropertyName("audio")] public bool? Audio { get; init; }

    /// <summary>Whether video is allowed.</summary>
    [JsonPropertyName("video")] public bool? Video { get; init; }

    /// <summary>Whether screen sharing is allowed.</summary>
    [JsonPropertyName("screen")] public bool? ScreenSharing { get; init; }

    /// <summary>Whether simulcast is allowed.</summary>
    [JsonPropertyName("simulcast")] public bool? Simulcast { get; init; }

    /// <summary>Maximum bitrate in kbit/s; 0 adaptive.</summary>
    [JsonPropertyName("bitrate")] public int? BitrateKbps { get; init; }

    /// <summary>Video codecs in order of preference, e.g. "vp8,vp9,h264,av1" (vp8, vp9, h264, av1).</summary>
    [JsonPropertyName("codecs")] public string? Codecs { get; init; }
}
