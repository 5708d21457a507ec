using Microsoft.AspNetCore.SignalR;

namespace Convene.Gateway.Notifications;

/// <summary>The hub connections each user has at this gateway node, so they can be counted and ended.</summary>
public sealed class ConnectionCounter
{
    // Connects and disconnects are rare next to messages: one lock keeps add/remove/abort consistent.
    private readonly Dictionary<string, Dictionary<string, HubCallerContext>> _connections = new(StringComparer.Ordinal);

    /// <summary>Records a new connection; returns the user's count.</summary>
    public int Add(string address, HubCallerContext connection)
    {
        lock (_connections)
        {
            if (!_connections.TryGetValue(address, out var set)) _connections[address] = set = new(StringComparer.Ordinal);
            set[connection.ConnectionId] = connection;
            return set.Count;
        }
    }

    /// <summary>Forgets a closed connection; returns the user's remaining count.</summary>
    public int Remove(string address, string connectionId)
    {
        lock (_connections)
        {
            if (!_connections.TryGetValue(address, out var set)) return 0;
            set.Remove(connectionId);
            if (set.Count == 0) _connections.Remove(address);
            return set.Count;
        }
    }

    /// <summary>Ends every connection of <paramref name="address"/> at this node; returns how many.</summary>
    public int Abort(string address)
    {
        HubCallerContext[] connections;
        lock (_connections)
        {
            if (!_connections.TryGetValue(address, out var set)) return 0;
            connections = [.. set.Values];
        }
        foreach (var connection in connections) connection.Abort();
        return connections.Length;
    }

    /// <summary>Whether <paramref name="address"/> has a connection at this node.</summary>
    public bool Has(string address)
    {
        lock (_connections) return _connections.ContainsKey(address);
    }

    /// <summary>The users connected to this node.</summary>
    public string[] Addresses()
    {
        lock (_connections) return [.. _connections.Keys];
    }
}
