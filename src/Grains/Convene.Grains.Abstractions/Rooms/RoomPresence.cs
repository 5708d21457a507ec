using Orleans.Concurrency;

namespace Convene.Grains.Rooms;

/// <summary>A connection a gateway has in a room, as it reports it in a refresh.</summary>
/// <param name="ConnectionId">The client connection.</param>
/// <param name="Address">The user.</param>
[GenerateSerializer, Immutable, Alias("convene.RoomPresence")]
public sealed record RoomPresence(string ConnectionId, string Address);
