namespace Convene.Grains.Rooms;

/// <summary>The connections in a room's call, by id and by user. Live state only.</summary>
internal sealed class RoomConnections
{
    private readonly Dictionary<string, RoomConnection> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RoomConnection>> _byAddress = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    /// <summary>Users with at least one connection.</summary>
    public IReadOnlyCollection<string> Online => _byAddress.Keys;

    public bool IsOnline(string address) => _byAddress.ContainsKey(address);

    public RoomConnection? Find(string connectionId) => _byId.GetValueOrDefault(connectionId);

    public IReadOnlyList<RoomConnection> Of(string address) => _byAddress.TryGetValue(address, out var list) ? list : [];

    public IEnumerable<RoomConnection> AtGateway(string gatewayId) => _byId.Values.Where(c => c.GatewayId == gatewayId);

    public RoomConnection Add(string connectionId, string address, string gatewayId)
    {
        var connection = new RoomConnection(connectionId, address, gatewayId);
        _byId[connectionId] = connection;
        if (!_byAddress.TryGetValue(address, out var list))
        {
            _byAddress[address] = list = [];
        }
        list.Add(connection);
        return connection;
    }

    /// <summary>Removes a connection; true if it was its user's last.</summary>
    public bool Remove(RoomConnection connection)
    {
        _byId.Remove(connection.Id);
        if (!_byAddress.TryGetValue(connection.Address, out var list))
        {
            return false;
        }
        list.Remove(connection);
        if (list.Count > 0)
        {
            return false;
        }
        _byAddress.Remove(connection.Address);
        return true;
    }

    public void Clear()
    {
        _byId.Clear();
        _byAddress.Clear();
    }

    /// <summary>The recipients grouped by the gateways their connections are at.</summary>
    public Dictionary<string, List<string>> ByGateway(IEnumerable<string> addresses)
    {
        var byGateway = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var address in addresses)
        {
            foreach (var connection in Of(address))
            {
                if (!byGateway.TryGetValue(connection.GatewayId, out var list))
                {
                    byGateway[connection.GatewayId] = list = [];
                }
                if (list.Count == 0 || list[^1] != address)
                {
                    list.Add(address);
                }
            }
        }
        return byGateway;
    }
}
