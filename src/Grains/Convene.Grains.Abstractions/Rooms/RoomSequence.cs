using Orleans.Concurrency;

namespace Convene.Grains.Rooms;

/// <summary>
/// Where an event stands in what one room activation sent to one gateway observer. Orleans does not order one-way
/// calls, so the gateway puts a room's events back in this order before its clients see them. The room is
/// single-threaded: <see cref="Number"/> counts 1, 2, 3… per gateway registration (a new observer reference starts at
/// 1 again); a reactivated room is a new <see cref="Epoch"/>, and its numbers start at 1.
/// </summary>
/// <param name="Epoch">The room activation that sent the event (a new one each activation).</param>
/// <param name="Number">The event's place in what this activation sent to this observer, from 1.</param>
[GenerateSerializer, Immutable, Alias("convene.RoomSequence")]
public sealed record RoomSequence(Guid Epoch, long Number);
