namespace Convene.Client.Conference;

/// <summary>A participant raised or lowered a hand (the hub's <c>OnRaiseHand</c>; to those who may list, and the participant).</summary>
/// <param name="Gid">The group.</param>
/// <param name="Address">Whose hand.</param>
/// <param name="Raised">True when raised.</param>
public sealed record HandChange(long Gid, string Address, bool Raised);
