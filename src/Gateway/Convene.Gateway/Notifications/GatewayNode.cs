using System.Collections.Concurrent;
using Convene.Gateway.Hubs;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Rooms;
using Convene.Grains.Users;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Convene.Gateway.Notifications;

/// <summary>
/// This gateway node: its id, its one observer per room it has connections in, its one observer for one-to-one
/// messages, and which connections it has where. Orleans observers are not durable and are held weakly by
/// Orleans, so the node keeps the observer objects itself and re-registers every
/// <see cref="GatewayRegistrationOptions.RefreshPeriod"/>, reporting its connections; a room that was restarted
/// learns who is online from that, and the node tells its clients to restore their calls.
/// </summary>
public sealed partial class GatewayNode : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<long, RoomLink> _rooms = new();
    private readonly IGrainFactory _grains;
    private readonly IHubContext<ConferenceHub, IConferenceClient> _hub;
    private readonly ConnectionCounter _connections;
    private readonly ILogger<GatewayNode> _logger;
    private readonly TimeSpan _refreshPeriod;
    private readonly TimeSpan _eventGapTimeout;
    private readonly TimeProvider _time;
    private readonly RoomEventMetrics _metrics;
    private readonly UserEventsObserver _userObserverObject;
    private readonly Lazy<IUserObserver> _userObserver;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _refreshNow = new(0, 1);
    private Task _refreshLoop = Task.CompletedTask;
    private volatile bool _refreshFailed;

    /// <summary>
    /// After a refresh in which a call failed, the next one comes this soon rather than a whole period later: right
    /// after a silo is declared dead, a call may still be routed to it and fail, and the rooms that lived there must
    /// not wait a period to reactivate and move their clients.
    /// </summary>
    internal static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    /// <summary>Created by the host.</summary>
    public GatewayNode(
        IGrainFactory grains, IHubContext<ConferenceHub, IConferenceClient> hub, ConnectionCounter connections,
        IOptions<GatewayRegistrationOptions> options, ILogger<GatewayNode> logger, TimeProvider time, RoomEventMetrics metrics)
    {
        _grains = grains;
        _hub = hub;
        _connections = connections;
        _logger = logger;
        _refreshPeriod = options.Value.RefreshPeriod;
        _eventGapTimeout = options.Value.EventGapTimeout;
        _time = time;
        _metrics = metrics;
        Id = $"{Environment.MachineName}-{Guid.NewGuid():N}";
        // A strong reference to the object: Orleans' reference to it is weak.
        _userObserverObject = new UserEventsObserver(hub, connections, logger);
        _userObserver = new Lazy<IUserObserver>(() => _grains.CreateObjectReference<IUserObserver>(_userObserverObject));
    }

    /// <summary>This node's id, unique per process.</summary>
    public string Id { get; }

    /// <summary>The observer for one-to-one messages.</summary>
    public IUserObserver UserObserver => _userObserver.Value;

    /// <summary>The caller identity for a connection's calls to room <paramref name="gid"/>; creates this node's observer for the room.</summary>
    public RoomCaller Caller(long gid, string connectionId, string address) =>
        new(Id, Link(gid).Observer, connectionId, address);

    /// <summary>A connection joined room <paramref name="gid"/>: it is reported in this node's refreshes.</summary>
    public void Joined(long gid, string connectionId, string address) => Link(gid).Connections[connectionId] = address;

    /// <summary>A connection left room <paramref name="gid"/>.</summary>
    public void Left(long gid, string connectionId)
    {
        if (_rooms.TryGetValue(gid, out var link))
        {
            link.Connections.TryRemove(connectionId, out _);
        }
    }

    private RoomLink Link(long gid) => _rooms.GetOrAdd(gid, g =>
    {
        var connections = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var observer = new GroupEventsObserver(
            _hub, _logger, g, () => [.. connections.Values.Distinct()], ended => Forget(connections, ended), _eventGapTimeout, _time, _metrics);
        return new RoomLink(observer, _grains.CreateObjectReference<IGroupObserver>(observer), connections);
    });

    /// <summary>The call of <paramref name="addresses"/> in a room ended: their connections are no longer reported there.</summary>
    private static void Forget(ConcurrentDictionary<string, string> connections, IReadOnlyCollection<string> addresses)
    {
        foreach (var (connectionId, address) in connections)
        {
            if (addresses.Contains(address))
            {
                connections.TryRemove(connectionId, out _);
            }
        }
    }

    /// <summary>
    /// Re-registers with every room this node has connections in and every user online here. The calls go out
    /// together, each bounded by <see cref="CallTimeout"/>: a call to a silo that is going away must not hold up
    /// the others (the rooms that lived there are the ones that need the refresh soonest).
    /// </summary>
    public async Task RefreshAsync()
    {
        var rooms = _rooms.Select(r => RefreshRoomAsync(r.Key, r.Value));
        var users = _connections.Addresses().Select(RefreshUserAsync);
        var results = await Task.WhenAll(rooms.Concat(users));
        _refreshFailed = results.Contains(false);
    }

    /// <summary>How long one refresh call may take before it counts as failed (and is retried soon).</summary>
    internal static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private async Task<bool> RefreshRoomAsync(long gid, RoomLink link)
    {
        var presence = link.Connections.Select(c => new RoomPresence(c.Key, c.Value)).ToArray();
        if (presence.Length == 0)
        {
            if (_rooms.TryRemove(new KeyValuePair<long, RoomLink>(gid, link)))
            {
                _grains.DeleteObjectReference<IGroupObserver>(link.Observer);
                link.Object.Dispose();
            }
            return true;
        }
        try
        {
            var known = await _grains.GetGrain<IRoomGrain>(gid).RefreshAsync(Id, link.Observer, presence).WaitAsync(CallTimeout);
            if (!known)
            {
                // The room did not know this node: it was restarted and its calls' media state is gone.
                LogRoomRestarted(_logger, gid, presence.Length);
                await _hub.Clients.Addresses([.. presence.Select(p => p.Address).Distinct()]).OnMoved(gid);
            }
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefreshFailed(_logger, gid, e.GetType().Name, e.Message);
            return false;
        }
    }

    private async Task<bool> RefreshUserAsync(string address)
    {
        try
        {
            var missed = await _grains.GetGrain<IUserGrain>(address).ConnectAsync(Id, UserObserver).WaitAsync(CallTimeout);
            foreach (var message in missed)
            {
                await _hub.Clients.Address(address).OnMessage(message.ToDto());
            }
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefreshFailed(_logger, 0, e.GetType().Name, e.Message);
            return false;
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _refreshLoop = RefreshLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Refreshes now rather than at the next period: the host calls this when a silo left the cluster, so rooms
    /// that were active there are reactivated on a live silo and their clients told at once.
    /// </summary>
    public void RequestRefresh()
    {
        try
        {
            _refreshNow.Release();
        }
        catch (SemaphoreFullException)
        {
            // A refresh is already requested.
        }
    }

    private async Task RefreshLoopAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var wait = _refreshFailed && RetryAfterFailure < _refreshPeriod ? RetryAfterFailure : _refreshPeriod;
                await _refreshNow.WaitAsync(wait, stopping);
                await RefreshAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _refreshLoop;
        foreach (var (gid, link) in _rooms)
        {
            try
            {
                // Every connection of this node leaves: the room ends their streams now rather than at expiry.
                await _grains.GetGrain<IRoomGrain>(gid).UnregisterAsync(Id).WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogUnregisterFailed(_logger, gid, e.Message);
            }
            try
            {
                _grains.DeleteObjectReference<IGroupObserver>(link.Observer);
            }
            catch (ArgumentException)
            {
                // Orleans stopped first (its silo stops in the host's stopping phase) and took its local objects with it.
            }
            link.Object.Dispose();
        }
        _rooms.Clear();
    }

    /// <inheritdoc />
    // The refresh semaphore is not disposed: the host's membership watch may still ask for a refresh while the host
    // stops (a SemaphoreSlim without a wait handle holds nothing to release).
    public void Dispose() => _stopping.Dispose();

    /// <summary>This node's observer for one room (object kept strongly, reference registered) and its connections there.</summary>
    private sealed record RoomLink(GroupEventsObserver Object, IGroupObserver Observer, ConcurrentDictionary<string, string> Connections);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Gid} was restarted; telling {Connections} connections here to restore their calls")]
    private static partial void LogRoomRestarted(ILogger logger, long gid, int connections);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing registration with room {Gid} (0: users) failed: {Error}: {Message}")]
    private static partial void LogRefreshFailed(ILogger logger, long gid, string error, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not unregister from room {Gid} at shutdown: {Error}")]
    private static partial void LogUnregisterFailed(ILogger logger, long gid, string error);
}
