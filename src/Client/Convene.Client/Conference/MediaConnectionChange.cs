namespace Convene.Client.Conference;

/// <summary>Your media connection for a stream went up or down (the hub's <c>OnConnected</c>).</summary>
/// <param name="Participant">The stream.</param>
/// <param name="Connected">True when up.</param>
public sealed record MediaConnectionChange(Participant Participant, bool Connected);
