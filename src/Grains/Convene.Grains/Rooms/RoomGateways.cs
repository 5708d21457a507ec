using Convene.Grains.Groups;

namespace Convene.Grains.Rooms;

/// <summary>
/// The gateway observers of a room with the time each last registered, modelled on Orleans' ObserverManager:
/// a gateway that stops refreshing expires. Live state only.
/// </summary>
internal sealed class RoomGateways
{
    private readonly Dictionary<string, (IGroupObserver Observer, DateTimeOffset LastSeen)> _gateways = new(StringComparer.Ordinal);

    public int Count => _gateways.Count;

    /// <summary>Registers or refreshes a gateway; false if it was not registered.</summary>
    public bool Register(string gatewayId, IGroupObserver observer, DateTimeOffset now)
    {
        var known = _gateways.ContainsKey(gatewayId);
        _gateways[gatewayId] = (observer, now);
        return known;
    }

    public void Remove(string gatewayId) => _gateways.Remove(gatewayId);

    public bool TryGet(string gatewayId, out IGroupObserver observer)
    {
        var found = _gateways.TryGetValue(gatewayId, out var entry);
        observer = entry.Observer;
        return found;
    }

    public IEnumerable<IGroupObserver> All => _gateways.Values.Select(g => g.Observer);

    /// <summary>Removes and returns the gateways not seen since <paramref name="cutoff"/>.</summary>
    public List<string> RemoveExpired(DateTimeOffset cutoff)
    {
        var expired = _gateways.Where(g => g.Value.LastSeen < cutoff).Select(g => g.Key).ToList();
        foreach (var gateway in expired)
        {
            _gateways.Remove(gateway);
        }
        return expired;
    }

    public void Clear() => _gateways.Clear();
}
