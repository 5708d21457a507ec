using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>
/// <c>group.members.call.*</c>: <see cref="Reset"/> (<c>default</c>) first restores the room's settings for the
/// members, then each non-null value is set.
/// </summary>
/// <param name="Reset">Back to no member-level settings first.</param>
/// <param name="Resolution">0 standard, 1 HD, 2 FHD, 3 4K; -1 clears it (the room's applies).</param>
/// <param name="MaxHeight">Tallest video in pixels, 0 or 90..4320; 0 clears it.</param>
/// <param name="Bitrate">Maximum video bitrate in kbit/s; 0 clears it.</param>
/// <param name="Audio">May publish voice.</param>
/// <param name="Video">May publish video.</param>
[GenerateSerializer, Immutable, Alias("convene.MemberCallChange")]
public sealed record MemberCallChange(
    bool Reset = false, int? Resolution = null, int? MaxHeight = null, int? Bitrate = null, bool? Audio = null, bool? Video = null);
