namespace Convene.Media.Routing;

/// <summary>One simulcast layer as <see cref="LayerSelector"/> sees it.</summary>
/// <param name="Eligible">The layer is flowing and allowed (by the publisher's limits and the subscriber's preference).</param>
/// <param name="BitrateBps">Its measured bitrate in bit/s (0 = not measured yet, treated as fitting).</param>
public readonly record struct LayerCandidate(bool Eligible, long BitrateBps);
