using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary><c>group.call.*</c>: <see cref="Reset"/> first restores the defaults, then each non-null value is set.</summary>
[GenerateSerializer, Immutable, Alias("convene.CallChange")]
public sealed record CallChange(
    bool Reset = false, int? Flags = null, int? Resolution = null, int? MaxDuration = null,
    bool? Audio = null, bool? Video = null, bool? ScreenSharing = null, bool? Simulcast = null, int? Bitrate = null,
    string? Codecs = null);
