namespace Convene.Media.Relay;

/// <summary>
/// Limits on one participant's published video, tighter than the room's (e.g. a member allowed only 360p). The
/// relay never transcodes: the bitrate cap reaches the publisher as REMB, and with simulcast no layer taller than
/// <see cref="MaxHeight"/> is forwarded.
/// </summary>
/// <param name="MaxBitrateKbps">Upper bound for the participant's video (0 = only the room's cap applies).</param>
/// <param name="MaxHeight">Tallest video layer forwarded from the participant (0 = any).</param>
public sealed record MediaLimits(int MaxBitrateKbps = 0, int MaxHeight = 0)
{
    /// <summary>No limits beyond the room's.</summary>
    public static MediaLimits None { get; } = new();

    /// <summary>The cap that applies with the room's <paramref name="roomKbps"/>: the smaller positive one, 0 if neither.</summary>
    public int EffectiveBitrateKbps(int roomKbps) =>
        MaxBitrateKbps <= 0 ? roomKbps : roomKbps <= 0 ? MaxBitrateKbps : Math.Min(roomKbps, MaxBitrateKbps);
}
