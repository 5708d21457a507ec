using Convene.Grains.Groups;
using Orleans.Concurrency;

namespace Convene.Grains.Rooms;

/// <summary>Who makes a room call: one client connection at one gateway node, with that node's observer for the room.</summary>
/// <param name="GatewayId">The gateway node.</param>
/// <param name="Observer">The node's observer for this room.</param>
/// <param name="ConnectionId">The client connection.</param>
/// <param name="Address">The user the connection is signed in as.</param>
[GenerateSerializer, Immutable, Alias("convene.RoomCaller")]
public sealed record RoomCaller(string GatewayId, IGroupObserver Observer, string ConnectionId, string Address);
