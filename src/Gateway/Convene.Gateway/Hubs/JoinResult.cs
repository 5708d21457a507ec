namespace Convene.Gateway.Hubs;

/// <summary>The answer to joining a group call: what you may do, the room's media limits (publishers capture at most MaxWidth×MaxHeight), who publishes, messages you missed, and whether publishers send simulcast layers.</summary>
public sealed record JoinResult(
    long Gid, string Name, int Flags, bool CanSend, bool CanReceive, bool CanPublish, bool CanSubscribe, bool CanList,
    bool Audio, bool Video, bool ScreenSharing, int MaxWidth, int MaxHeight, int MaxBitrateKbps, IReadOnlyList<ParticipantDto> Publishers, IReadOnlyList<MessageDto> Messages, bool Simulcast = false)
{
    /// <summary>What you may publish (the room's settings tightened by your member settings).</summary>
    public CallLimitsDto? Limits { get; init; }

    /// <summary>Your effective admin rights by their spec names (owner, admin, modify, …): what moderation you may do.</summary>
    public IReadOnlyList<string> Admin { get; init; } = [];

    /// <summary>Raised hands, in the order they were raised (empty if you may not list).</summary>
    public IReadOnlyList<string> RaisedHands { get; init; } = [];
}
