using System.Globalization;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Metrics;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;
using Convene.Grains.Webhooks;
using Convene.Media.Relay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace Convene.Grains.Rooms;

/// <summary>
/// A group's live call; see <see cref="IRoomGrain"/>. Immovable: its media relay lives in this silo's process, so
/// the activation must not be migrated while peers are connected to it.
/// </summary>
[Immovable]
public sealed partial class RoomGrain(
    IGrainFactory grains,
    TimeProvider time,
    IOptions<GatewayRegistrationOptions> registration,
    ILogger<RoomGrain> logger,
    ILocalSiloDetails silo,
    IMediaRelay? relay = null) : Grain, IRoomGrain
{
    private readonly RoomGateways _gateways = new();
    private readonly RoomConnections _connections = new();
    private readonly Dictionary<string, LiveStream> _streams = new(StringComparer.Ordinal);
    private GroupAccess _group = null!;
    private RoomMedia _media = null!;
    private RoomEvents _events = null!;
    private long _order;
    private int _roundRobin;

    // How long a deactivating room waits for each gateway to take the news that it moves.
    private static readonly TimeSpan MoveNoticeTimeout = TimeSpan.FromSeconds(3);

    private long Gid => this.GetPrimaryKeyLong();

    private DateTimeOffset Now => time.GetUtcNow();

    private TimeSpan Expiry => registration.Value.Expiry;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _group = new GroupAccess(await grains.GetGrain<IGroupGrain>(Gid).GetSnapshotAsync());
        _media = new RoomMedia(relay, Gid.ToString(CultureInfo.InvariantCulture), this.AsReference<IRoomGrain>(), logger);
        _events = new RoomEvents(Gid, ServiceProvider.GetService<IWebhookPublisher>(), ServiceProvider.GetService<ConveneMetrics>());
        this.RegisterGrainTimer(ExpireGatewaysAsync, Expiry / 3, Expiry / 3);
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_connections.Count > 0)
        {
            // Leaving with people in the call (the silo is stopping, or the room is being moved): their clients
            // rejoin, which activates the room on another silo, and renegotiate their media there.
            LogMoving(logger, Gid, reason.ReasonCode.ToString(), _connections.Count);
            await Task.WhenAll(_gateways.All.Select(async gateway =>
            {
                try
                {
                    // Not bound to the deactivation token: the notice is what lets the clients move without waiting for the
                    // membership change, and it is bounded by MoveNoticeTimeout anyway.
                    await gateway.Observer.OnMovedAsync(Gid).WaitAsync(MoveNoticeTimeout);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // That gateway is gone or slow: its own membership watch and refresh will restore its clients.
                    LogMoveNoticeFailed(logger, Gid, e.GetType().Name);
                }
            }));
        }
        _media?.Close();
        _events?.Dispose();
    }

    /// <inheritdoc />
    public async Task<RoomJoin> JoinAsync(RoomCaller caller)
    {
        var started = time.GetTimestamp();
        try
        {
            return await JoinCoreAsync(caller);
        }
        finally
        {
            _events.JoinAnswered(time.GetElapsedTime(started)); // convene.room.join.duration
        }
    }

    private async Task<RoomJoin> JoinCoreAsync(RoomCaller caller)
    {
        _moderation.Forget(caller.ConnectionId);
        var (connection, status, error) = Admit(caller);
        if (connection is null)
        {
            return RoomJoin.Fail(status, error);
        }
        var access = _group.AccessOf(caller.Address, Now);
        ChatMessage[] missed = [];
        if (access.IsMember)
        {
            var stored = await grains.GetGrain<IGroupChatGrain>(Gid).CatchUpAsync(caller.Address);
            missed = [.. stored.Select(m => m.Message).Where(m => _group.Can(caller.Address, Operation.ReceiveMessage, Now, m.Type))];
        }
        NoteActivity();
        return new RoomJoin(GroupStatus.Ok, null, access, _group.Settings, access.CanList ? Publishers() : [], missed) { RaisedHands = access.CanList ? _moderation.Hands : [] };
    }

    /// <inheritdoc />
    public async Task LeaveAsync(string gatewayId, string connectionId, string reason)
    {
        _moderation.Forget(connectionId);
        if (_connections.Find(connectionId) is { } connection && connection.GatewayId == gatewayId)
        {
            await RemoveConnectionAsync(connection, reason);
        }
    }

    /// <inheritdoc />
    public async Task<bool> RefreshAsync(string gatewayId, IGroupObserver observer, RoomPresence[] connections)
    {
        var known = _gateways.Register(gatewayId, observer, Now);
        KeepAlive();
        var reported = connections.Select(c => c.ConnectionId).ToHashSet(StringComparer.Ordinal);
        foreach (var connection in _connections.AtGateway(gatewayId).ToList())
        {
            if (reported.Contains(connection.Id))
            {
                connection.MissedRefreshes = 0;
            }
            else if (++connection.MissedRefreshes >= 2)
            {
                // The gateway lost it without a leave reaching the room (a leave is the normal way out).
                await RemoveConnectionAsync(connection, "disconnected");
            }
        }
        foreach (var presence in connections)
        {
            Admit(new RoomCaller(gatewayId, observer, presence.ConnectionId, presence.Address));
        }
        if (!known)
        {
            LogGatewayRegistered(logger, Gid, gatewayId, connections.Length);
        }
        return known;
    }

    /// <inheritdoc />
    public async Task UnregisterAsync(string gatewayId)
    {
        _gateways.Remove(gatewayId);
        await RemoveGatewayConnectionsAsync(gatewayId, "disconnected");
    }

    /// <inheritdoc />
    public Task<GroupQuery<StreamInfo[]>> GetPublishersAsync(Actor actor) => Task.FromResult(
        _group.Refuse(actor, Operation.ListParticipants, Now) is { } refused
            ? GroupQuery<StreamInfo[]>.Fail(refused.Status, refused.Error)
            : new GroupQuery<StreamInfo[]>(GroupStatus.Ok, Publishers()));

    /// <inheritdoc />
    public Task<RoomStatus> GetStatusAsync() => Task.FromResult(new RoomStatus(
        _gateways.Count, _connections.Count, _connections.Online.Count, _streams.Count,
        _streams.Values.Sum(s => s.Subscribers.Count), silo.SiloAddress.ToString()));

    /// <inheritdoc />
    public async Task OnGroupChangedAsync(GroupSnapshot snapshot, string[]? touched)
    {
        _group = new GroupAccess(snapshot);
        if (!snapshot.Exists)
        {
            foreach (var stream in _streams.Values.ToList())
            {
                await EndStreamAsync(stream, "group deleted");
            }
            _events.Ended("group deleted");
            foreach (var (gateway, observer) in _gateways.All)
            {
                await observer.OnGroupDeletedAsync(new GroupDeletedEvent(Gid), _gateways.Next(gateway));
            }
            _connections.Clear();
            _moderation.Stop();
            _gateways.Clear();
            _media.Close();
            return;
        }
        _media.UpdateSettings(snapshot.Settings.Call);
        foreach (var address in (touched ?? _connections.Online.ToArray()).Where(_connections.IsOnline).ToList())
        {
            var access = _group.AccessOf(address, Now);
            await SendAsync([address], (o, _, n) => o.OnMemberChangedAsync(new MemberChangedEvent(Gid, address, access), n));
        }
        foreach (var stream in _streams.Values.Where(s => !_group.Can(s.Info.Address, Operation.Publish, Now)).ToList())
        {
            await EndStreamAsync(stream, "permission revoked");
        }
        await ApplyCallSettingsAsync(touched);
    }

    /// <summary>
    /// The caller's connection, taken in if the room does not know it yet (a join, or a connection that joined
    /// before this activation) after the same check as a join; else why not.
    /// </summary>
    private (RoomConnection? Connection, GroupStatus Status, string? Error) Admit(RoomCaller caller)
    {
        if (!_group.Exists)
        {
            return (null, GroupStatus.NotFound, "no such group");
        }
        if (Limits.CheckAddress(caller.Address) is { } why)
        {
            return (null, GroupStatus.Invalid, $"address {why}");
        }
        _gateways.Register(caller.GatewayId, caller.Observer, Now);
        KeepAlive();
        if (_connections.Find(caller.ConnectionId) is { } known)
        {
            known.MissedRefreshes = 0;
            return known.Address == caller.Address
                ? (known, GroupStatus.Ok, null)
                : (null, GroupStatus.Invalid, "the connection belongs to another user");
        }
        if (_moderation.WasEnded(caller.ConnectionId))
        {
            return (null, GroupStatus.NotFound, "your call was ended: join again");
        }
        if (!Admissible(_group.AccessOf(caller.Address, Now)))
        {
            return (null, GroupStatus.Forbidden, "you are not a member of this group");
        }
        CallStarted();
        var first = !_connections.IsOnline(caller.Address);
        var added = _connections.Add(caller.ConnectionId, caller.Address, caller.GatewayId);
        if (first)
        {
            _events.Joined(caller.Address);
        }
        return (added, GroupStatus.Ok, null);
    }

    private async Task RemoveConnectionAsync(RoomConnection connection, string reason)
    {
        foreach (var key in connection.Published.ToList())
        {
            if (_streams.TryGetValue(key, out var stream))
            {
                await EndStreamAsync(stream, reason);
            }
        }
        foreach (var key in connection.Subscriptions.ToList())
        {
            await RemoveSubscriberAsync(connection, key);
        }
        if (_connections.Remove(connection))
        {
            _events.Left(connection.Address, reason);
            _media.RemoveParticipant(connection.Address);
            await LowerHandAsync(connection.Address);
            if (_group.IsMember(connection.Address))
            {
                await grains.GetGrain<IGroupChatGrain>(Gid).MarkSeenAsync(connection.Address);
            }
        }
        if (_connections.Count == 0)
        {
            _media.Close();
            _moderation.Stop();
        }
    }

    /// <summary>Gateways that stopped refreshing are gone, and so are their connections.</summary>
    private async Task ExpireGatewaysAsync(CancellationToken cancellationToken)
    {
        foreach (var gateway in _gateways.RemoveExpired(Now - Expiry))
        {
            LogGatewayExpired(logger, Gid, gateway, _connections.AtGateway(gateway).Count());
            await RemoveGatewayConnectionsAsync(gateway, "disconnected");
        }
    }

    private async Task RemoveGatewayConnectionsAsync(string gatewayId, string reason)
    {
        foreach (var connection in _connections.AtGateway(gatewayId).ToList())
        {
            await RemoveConnectionAsync(connection, reason);
        }
        if (_gateways.Count == 0)
        {
            // Nothing live is left to lose: the room may be collected as idle again.
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Groups the recipients by the gateways they are online at and calls each gateway's observer once, with the
    /// event's number in what this activation sent to that observer: the gateway delivers in that order.
    /// </summary>
    private async Task SendAsync(IEnumerable<string> recipients, Func<IGroupObserver, string[], RoomSequence, Task> send)
    {
        foreach (var (gateway, addresses) in _connections.ByGateway(recipients))
        {
            if (_gateways.TryGet(gateway, out var observer))
            {
                await send(observer, [.. addresses], _gateways.Next(gateway));
            }
        }
    }

    /// <summary>Activity: the group's expiry moves forward when <c>validity.expiryext</c> asks for it.</summary>
    private void NoteActivity()
    {
        if (_group.ExtendedExpiry(Now) is not null)
        {
            grains.GetGrain<IGroupGrain>(Gid).ExtendExpiryAsync(Now).Ignore();
        }
    }

    // Live state exists only in this activation: it must not be collected as idle while gateways are registered.
    private void KeepAlive() => DelayDeactivation(Expiry * 2);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Gid}: a gateway did not take the news that the room moves ({Error})")]
    private static partial void LogMoveNoticeFailed(ILogger logger, long gid, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Gid} deactivates ({Reason}) with {Connections} connections: telling their gateways to move them")]
    private static partial void LogMoving(ILogger logger, long gid, string reason, int connections);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Gid}: gateway {Gateway} registered with {Connections} connections")]
    private static partial void LogGatewayRegistered(ILogger logger, long gid, string gateway, int connections);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Gid}: gateway {Gateway} stopped refreshing; its {Connections} connections left the call")]
    private static partial void LogGatewayExpired(ILogger logger, long gid, string gateway, int connections);
}
