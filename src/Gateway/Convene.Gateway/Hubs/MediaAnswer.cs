namespace Convene.Gateway.Hubs;

/// <summary>The relay's SDP answer (null when no offer was sent) and the stream's state.</summary>
public sealed record MediaAnswer(string? Sdp, ParticipantDto Participant)
{
    /// <summary>For a publish: what you may publish (capture at most this; the relay caps with REMB).</summary>
    public CallLimitsDto? Limits { get; init; }
}
