using Convene.Gateway.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Convene.Gateway.Notifications;

/// <summary>
/// Reaching a user's connections at this node. Every connection joins its user's SignalR group at connect
/// (and leaves it at disconnect), so an event for k users costs k group lookups. SignalR's own user
/// addressing (<c>Clients.User</c>/<c>Clients.Users</c>) scans every connection on the node for each
/// event instead, which made chat fan-out cost grow with the node's total connections (bench/load).
/// </summary>
internal static class UserChannel
{
    /// <summary>The SignalR group holding <paramref name="address"/>'s connections at this node.</summary>
    public static string Of(string address) => "user:" + address;

    /// <summary>All connections of <paramref name="addresses"/> at this node.</summary>
    public static IConferenceClient Addresses(this IHubClients<IConferenceClient> clients, IReadOnlyList<string> addresses)
    {
        var groups = new string[addresses.Count];
        for (var i = 0; i < groups.Length; i++) groups[i] = Of(addresses[i]);
        return clients.Groups(groups);
    }

    /// <summary>All connections of <paramref name="address"/> at this node.</summary>
    public static IConferenceClient Address(this IHubClients<IConferenceClient> clients, string address) => clients.Group(Of(address));
}
