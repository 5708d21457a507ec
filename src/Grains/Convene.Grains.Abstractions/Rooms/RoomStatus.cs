using Orleans.Concurrency;

namespace Convene.Grains.Rooms;

/// <summary>A room's live state in numbers.</summary>
/// <param name="Gateways">Gateway nodes registered (not expired).</param>
/// <param name="Connections">Client connections in the call.</param>
/// <param name="Online">Distinct users in the call.</param>
/// <param name="Streams">Published streams.</param>
/// <param name="Subscriptions">Subscriptions over all streams.</param>
/// <param name="Silo">The silo the room is active on (its address, as <c>/health</c> names silos).</param>
[GenerateSerializer, Immutable, Alias("convene.RoomStatus")]
public sealed record RoomStatus(int Gateways, int Connections, int Online, int Streams, int Subscriptions, string Silo);
