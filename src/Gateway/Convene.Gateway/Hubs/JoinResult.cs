namespace Convene.Gateway.Hubs;

/// <summary>The answer to joining a group call: what you may do, who publishes, messages you missed.</summary>
public sealed record JoinResult(
    long Gid, string Name, int Flags, bool CanSend, bool CanReceive, bool CanPublish, bool CanSubscribe, bool CanList,
    bool Audio, bool Video, bool ScreenSharing, IReadOnlyList<ParticipantDto> Publishers, IReadOnlyList<MessageDto> Messages);
