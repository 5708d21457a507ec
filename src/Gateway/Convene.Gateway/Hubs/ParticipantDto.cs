namespace Convene.Gateway.Hubs;

/// <summary>A stream in a group call, as clients see it (the spec's participant object).</summary>
public sealed record ParticipantDto(
    long Gid, string Address, int StreamId, string Name, string Source, bool Audio, bool Video,
    bool AudioMuted, bool VideoMuted, bool Talking);
