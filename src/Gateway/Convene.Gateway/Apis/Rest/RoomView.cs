namespace Convene.Gateway.Apis.Rest;

/// <summary>The live call in numbers and the silo it is active on.</summary>
public sealed record RoomView(long Gid, string Silo, int Gateways, int Connections, int Online, int Streams, int Subscriptions);
