using Orleans.Concurrency;

namespace Convene.Grains.Streams;

/// <summary>A subscription to a stream.</summary>
/// <param name="Address">The subscriber.</param>
/// <param name="Audio">Receives audio.</param>
/// <param name="Video">Receives video.</param>
[GenerateSerializer, Immutable, Alias("convene.SubscriberInfo")]
public sealed record SubscriberInfo(string Address, bool Audio, bool Video);
