using System.Globalization;
using Convene.Actors;
using Convene.Grains.Groups;
using Convene.Grains.Streams;

namespace Convene.Grains.Participants;

/// <summary>
/// A member's live call state in one group. In memory only (rebuilt by clients reconnecting); kept
/// alive while the member has connections.
/// </summary>
public sealed class ParticipantGrain : Grain, IParticipantGrain
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(1);
    private readonly Dictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private long _gid;
    private string _address = "";

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        _gid = long.Parse(key.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture);
        _address = key[(slash + 1)..];
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task JoinAsync(string connectionId, GatewayRef gateway)
    {
        if (!_connections.ContainsKey(connectionId)) _connections[connectionId] = new Connection(gateway);
        DelayDeactivation(KeepAlive);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<int> LeaveAsync(string connectionId, string reason)
    {
        if (!_connections.Remove(connectionId, out var connection)) return _connections.Count;
        var group = GrainFactory.GetGrain<IGroupGrain>(_gid.ToString(CultureInfo.InvariantCulture));
        foreach (var streamId in connection.Published)
        {
            await group.EndStreamAsync(_address, streamId, reason);
        }
        foreach (var streamKey in connection.Subscriptions)
        {
            await group.UnsubscribeStreamAsync(_address, streamKey);
        }
        if (!_connections.Values.Any(c => c.Gateway.GatewayId == connection.Gateway.GatewayId))
        {
            await group.DisconnectAsync(connection.Gateway.GatewayId, _address);
        }
        if (_connections.Count == 0)
        {
            DelayDeactivation(TimeSpan.Zero);
            DeactivateOnIdle();
        }
        return _connections.Count;
    }

    /// <inheritdoc />
    public Task AddPublishedAsync(string connectionId, int streamId)
    {
        foreach (var c in _connections.Values) c.Published.Remove(streamId); // a stream id belongs to one connection
        if (_connections.TryGetValue(connectionId, out var connection)) connection.Published.Add(streamId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemovePublishedAsync(int streamId)
    {
        foreach (var c in _connections.Values) c.Published.Remove(streamId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AddSubscriptionAsync(string connectionId, string streamKey)
    {
        if (_connections.TryGetValue(connectionId, out var connection)) connection.Subscriptions.Add(streamKey);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveSubscriptionAsync(string streamKey)
    {
        foreach (var c in _connections.Values) c.Subscriptions.Remove(streamKey);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> HasJoinedAsync(string connectionId) => Task.FromResult(_connections.ContainsKey(connectionId));

    private sealed class Connection(GatewayRef gateway)
    {
        public GatewayRef Gateway { get; } = gateway;

        public HashSet<int> Published { get; } = [];

        public HashSet<string> Subscriptions { get; } = new(StringComparer.Ordinal);
    }
}
