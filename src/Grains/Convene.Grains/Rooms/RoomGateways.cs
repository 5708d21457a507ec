using Convene.Grains.Groups;

namespace Convene.Grains.Rooms;

/// <summary>
/// The gateway observers of a room with the time each last registered, modelled on Orleans' ObserverManager:
/// a gateway that stops refreshing expires. Also numbers what this activation sends to each observer
/// (<see cref="RoomSequence"/>), so the gateway can put the one-way events back in order. Live state only.
/// </summary>
internal sealed class RoomGateways
{
    private readonly Dictionary<string, (IGroupObserver Observer, DateTimeOffset LastSeen)> _gateways = new(StringComparer.Ordinal);

    // Per gateway: the observer last numbered for and the last number sent. Kept when a registration expires, so a
    // gateway that comes back with the same observer continues where its buffer expects; a new observer (the gateway
    // dropped its link to the room and made a new one) starts at 1.
    private readonly Dictionary<string, (IGroupObserver Observer, long Last)> _sequences = new(StringComparer.Ordinal);

    /// <summary>This activation: a reactivated room starts a new epoch, whose numbers start at 1.</summary>
    public Guid Epoch { get; } = Guid.NewGuid();

    public int Count => _gateways.Count;

    /// <summary>Registers or refreshes a gateway; false if it was not registered.</summary>
    public bool Register(string gatewayId, IGroupObserver observer, DateTimeOffset now)
    {
        var known = _gateways.ContainsKey(gatewayId);
        _gateways[gatewayId] = (observer, now);
        if (!_sequences.TryGetValue(gatewayId, out var sequence) || !sequence.Observer.Equals(observer))
        {
            _sequences[gatewayId] = (observer, 0);
        }
        return known;
    }

    public void Remove(string gatewayId) => _gateways.Remove(gatewayId);

    public bool TryGet(string gatewayId, out IGroupObserver observer)
    {
        var found = _gateways.TryGetValue(gatewayId, out var entry);
        observer = entry.Observer;
        return found;
    }

    /// <summary>The number of the next event sent to the gateway's registered observer (call once per event sent).</summary>
    public RoomSequence Next(string gatewayId)
    {
        var (observer, last) = _sequences[gatewayId];
        _sequences[gatewayId] = (observer, last + 1);
        return new RoomSequence(Epoch, last + 1);
    }

    public IEnumerable<(string GatewayId, IGroupObserver Observer)> All => _gateways.Select(g => (g.Key, g.Value.Observer));

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
