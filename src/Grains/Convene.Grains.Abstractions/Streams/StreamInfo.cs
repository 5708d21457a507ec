using Orleans.Concurrency;
using Convene.Grains.Groups;

namespace Convene.Grains.Streams;

/// <summary>The live state of one published stream (a "participant" in the spec's client API).</summary>
/// <param name="Gid">The group.</param>
/// <param name="Address">The publisher.</param>
/// <param name="StreamId">The publisher's stream id, 0..255 (camera 0, screens 1.. by convention).</param>
/// <param name="Name">Display name.</param>
/// <param name="Source">Camera or screen.</param>
/// <param name="Audio">Publishes audio.</param>
/// <param name="Video">Publishes video.</param>
/// <param name="AudioMuted">Audio is muted by the publisher.</param>
/// <param name="VideoMuted">Video is muted by the publisher.</param>
/// <param name="Talking">The publisher is talking (from the relay's audio levels).</param>
[GenerateSerializer, Immutable, Alias("convene.StreamInfo")]
public sealed record StreamInfo(
    long Gid, string Address, int StreamId, string Name, StreamSource Source, bool Audio, bool Video,
    bool AudioMuted = false, bool VideoMuted = false, bool Talking = false)
{
    /// <summary>The stream's key in its room and relay: gid/address/streamId.</summary>
    public string Key => StreamKeys.Of(Gid, Address, StreamId);
}
