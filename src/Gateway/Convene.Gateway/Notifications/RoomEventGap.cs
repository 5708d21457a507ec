namespace Convene.Gateway.Notifications;

/// <summary>Events of a room that did not arrive in time and were given up on (their recipients must resynchronise).</summary>
/// <param name="Epoch">The room activation that sent them.</param>
/// <param name="From">The first missing number.</param>
/// <param name="Missing">How many numbers were skipped.</param>
public sealed record RoomEventGap(Guid Epoch, long From, long Missing);
