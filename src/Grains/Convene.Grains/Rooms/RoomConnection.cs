namespace Convene.Grains.Rooms;

/// <summary>A client connection in a room's call: what it publishes and what it subscribes to. Live state only.</summary>
internal sealed class RoomConnection(string id, string address, string gatewayId)
{
    public string Id { get; } = id;

    public string Address { get; } = address;

    public string GatewayId { get; } = gatewayId;

    /// <summary>Keys of the streams this connection publishes.</summary>
    public HashSet<string> Published { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Refreshes in a row from its gateway that did not report it. A refresh's list may have been taken just before
    /// this connection joined and still arrive after the join, so a connection goes only when two in a row miss it.
    /// </summary>
    public int MissedRefreshes { get; set; }

    /// <summary>Keys of the streams this connection subscribes to.</summary>
    public HashSet<string> Subscriptions { get; } = new(StringComparer.Ordinal);
}
