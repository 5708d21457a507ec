using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>A stream a participant publishes to the group call.</summary>
/// <param name="Address">The publisher.</param>
/// <param name="StreamId">The publisher's stream id (several per participant: camera, screens).</param>
/// <param name="Name">Display name of the stream.</param>
/// <param name="Source">Camera or screen.</param>
/// <param name="Audio">Has audio.</param>
/// <param name="Video">Has video.</param>
[GenerateSerializer, Immutable, Alias("convene.PublishedStream")]
public sealed record PublishedStream(string Address, string StreamId, string Name, StreamSource Source, bool Audio, bool Video);
