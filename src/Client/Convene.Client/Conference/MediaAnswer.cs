namespace Convene.Client.Conference;

/// <summary>The relay's SDP answer (null when no offer was sent) and the stream's state.</summary>
/// <param name="Sdp">The SDP answer, or null.</param>
/// <param name="Participant">The stream.</param>
public sealed record MediaAnswer(string? Sdp, Participant Participant);
