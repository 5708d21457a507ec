namespace Convene.Media.Relay;

/// <summary>
/// What one subscriber wants of a simulcast stream's video. The relay forwards the highest layer that this, the
/// publisher's <see cref="MediaLimits"/> and the subscriber's estimated bandwidth all allow.
/// </summary>
/// <param name="MaxLayer">Highest layer index to forward, lowest first (0 = low, 1 = medium, 2 = high); -1 = any.</param>
/// <param name="ViewHeight">
/// The height the subscriber shows the video at, in pixels (e.g. its video element's): layers above the smallest one
/// at least this tall are not forwarded. 0 = any.
/// </param>
public sealed record LayerPreference(int MaxLayer = -1, int ViewHeight = 0)
{
    /// <summary>No preference: as high as limits and bandwidth allow.</summary>
    public static LayerPreference None { get; } = new();
}
