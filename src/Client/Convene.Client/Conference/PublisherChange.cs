namespace Convene.Client.Conference;

/// <summary>A publisher appeared (<paramref name="Joined"/> true) or went away (the hub's <c>OnPublisher</c>).</summary>
/// <param name="Participant">The stream.</param>
/// <param name="Joined">True when it started, false when it ended.</param>
public sealed record PublisherChange(Participant Participant, bool Joined);
