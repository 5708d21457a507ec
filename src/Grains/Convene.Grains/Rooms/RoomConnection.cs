namespace Convene.Grains.Rooms;

/// <summary>A client connection in a room's call: what it publishes and what it subscribes to. Live state only.</summary>
internal sealed class RoomConnection(string id, string address, string gatewayId)
{
    public string Id { get; } = id;

    public string Address { get; } = address;

    public string GatewayId { get; } = gatewayId;

    /// <summary>Keys of the streams this connection publishes.</summary>
    public HashSet<string> Published { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys of the streams this connection subscribes to.</summary>
    public HashSet<string> Subscriptions { get; } = new(StringComparer.Ordinal);
}
