namespace Convene.Client.Conference;

/// <summary>A stream you receive ended (the hub's <c>OnHangup</c>).</summary>
/// <param name="Participant">The stream.</param>
/// <param name="Reason"><c>hangup</c>, <c>left</c>, <c>disconnected</c>, <c>permission revoked</c>, …</param>
public sealed record Hangup(Participant Participant, string Reason);
