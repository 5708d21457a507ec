using Convene.Grains.Streams;
using Orleans.Concurrency;

namespace Convene.Grains.Rooms;

/// <summary>A moderation or participant signal in a room's call, for the listed recipients' connections at the observing gateway.</summary>
/// <param name="Gid">The group.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Recipients">Addresses at this gateway that get it.</param>
/// <param name="Address">Whose hand (<see cref="CallControlKind.Hand"/>); null otherwise.</param>
/// <param name="Flag">Hand raised (true) or lowered.</param>
/// <param name="By">The moderator who acted; null for the room itself (e.g. the maximum duration).</param>
/// <param name="Reason">Why the call ended: <c>removed</c>, <c>ended</c>, <c>maxdur</c>.</param>
/// <param name="Stream">The stream a moderator muted, with its mute state after the change.</param>
[GenerateSerializer, Immutable, Alias("convene.CallControlEvent")]
public sealed record CallControlEvent(
    long Gid, CallControlKind Kind, string[] Recipients, string? Address = null, bool Flag = false, string? By = null,
    string? Reason = null, StreamInfo? Stream = null);
