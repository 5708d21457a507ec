namespace Convene.Client.Conference;

/// <summary>A publisher started or stopped talking (the hub's <c>OnTalking</c>).</summary>
/// <param name="Participant">The stream.</param>
/// <param name="Talking">True when talking.</param>
public sealed record TalkingChange(Participant Participant, bool Talking);
