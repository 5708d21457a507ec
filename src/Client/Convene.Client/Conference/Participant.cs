namespace Convene.Client.Conference;

/// <summary>A stream being published in a group call (the spec's participant object; one per published stream).</summary>
/// <param name="Gid">The group.</param>
/// <param name="Address">The publisher's address.</param>
/// <param name="StreamId">The stream id, 0..255 (camera 0, screens 1.. by convention).</param>
/// <param name="Name">The stream's name.</param>
/// <param name="Source"><c>camera</c> or <c>screen</c>.</param>
/// <param name="Audio">Whether it has audio.</param>
/// <param name="Video">Whether it has video.</param>
/// <param name="AudioMuted">Whether its audio is muted.</param>
/// <param name="VideoMuted">Whether its video is muted.</param>
/// <param name="Talking">Whether the publisher is talking.</param>
public sealed record Participant(
    long Gid, string Address, int StreamId, string Name, string Source, bool Audio, bool Video,
    bool AudioMuted, bool VideoMuted, bool Talking);
