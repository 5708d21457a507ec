using Convene.Gateway.Hubs;
using Convene.Grains.Groups;
using Convene.Grains.Rooms;
using Convene.Grains.Streams;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Convene.Gateway.Notifications;

/// <summary>
/// This gateway node's receiver of one group's events (one per node per group). Each event names the
/// recipients; they are reached through SignalR's user addressing (user id = address). The room's one-way calls may
/// arrive out of order: a <see cref="RoomEventSequencer{T}"/> puts them back in the room's order, and the sends to
/// SignalR are chained so they leave in that order too. A gap given up on tells the room's clients here to resync.
/// </summary>
internal sealed partial class GroupEventsObserver : IGroupObserver, IDisposable
{
    private readonly IHubContext<ConferenceHub, IConferenceClient> _hub;
    private readonly ILogger _logger;
    private readonly long _gid;
    private readonly Func<string[]> _addressesHere;
    private readonly Action<IReadOnlyCollection<string>> _callEnded;
    private readonly RoomEventMetrics _metrics;
    private readonly RoomEventSequencer<Func<Task>> _sequencer;
    private readonly Lock _chain = new();
    private Task _delivered = Task.CompletedTask;

    /// <param name="hub">The hub's clients.</param>
    /// <param name="logger">Logs.</param>
    /// <param name="gid">The group.</param>
    /// <param name="addressesHere">The users this node has in the group's call.</param>
    /// <param name="callEnded">The call of these users ended (removed, ended, group deleted): this node stops reporting them in the room.</param>
    /// <param name="gapTimeout">How long an early event waits for a missing one.</param>
    /// <param name="time">The clock.</param>
    /// <param name="metrics">The ordering counters.</param>
    public GroupEventsObserver(
        IHubContext<ConferenceHub, IConferenceClient> hub, ILogger logger, long gid, Func<string[]> addressesHere,
        Action<IReadOnlyCollection<string>> callEnded, TimeSpan gapTimeout, TimeProvider time, RoomEventMetrics metrics)
    {
        _hub = hub;
        _logger = logger;
        _gid = gid;
        _addressesHere = addressesHere;
        _callEnded = callEnded;
        _metrics = metrics;
        _sequencer = new RoomEventSequencer<Func<Task>>(gapTimeout, time, send => Deliver(send), gap => OnGap(gap, gapTimeout));
    }

    public Task OnMessageAsync(GroupMessageEvent e, RoomSequence sequence) =>
        Receive(sequence, () => _hub.Clients.Addresses(e.Recipients).OnMessage(e.Message.ToDto()));

    public Task OnPublisherAsync(PublisherEvent e, RoomSequence sequence) =>
        Receive(sequence, () => _hub.Clients.Addresses(e.Recipients).OnPublisher(e.Stream.ToDto(e.Gid), e.Active));

    public Task OnMemberChangedAsync(MemberChangedEvent e, RoomSequence sequence) => Receive(sequence, () =>
    {
        LogMemberChanged(_logger, e.Address, e.Gid);
        return _hub.Clients.Address(e.Address).OnMemberChanged(e.Access.ToDto());
    });

    public Task OnGroupDeletedAsync(GroupDeletedEvent e, RoomSequence sequence) => Receive(sequence, () =>
    {
        LogDeleted(_logger, e.Gid);
        var here = _addressesHere();
        _callEnded(here);
        return _hub.Clients.Addresses(here).OnGroupDeleted(e.Gid);
    });

    public Task OnCallControlAsync(CallControlEvent e, RoomSequence sequence) => Receive(sequence, () =>
    {
        var clients = _hub.Clients.Addresses(e.Recipients);
        switch (e.Kind)
        {
            case CallControlKind.Hand:
                return clients.OnRaiseHand(e.Gid, e.Address!, e.Flag);
            case CallControlKind.CallEnded:
                _callEnded(e.Recipients);
                return clients.OnCallEnded(e.Gid, e.Reason ?? "ended", e.By);
            case CallControlKind.ModeratorMute when e.Stream is not null:
                return clients.OnModeratorMute(e.Stream.ToDto(), e.By ?? "");
            default:
                return Task.CompletedTask;
        }
    });

    /// <summary>
    /// Not sequenced (awaited by the room as it deactivates): it goes out after what was released before it, and the
    /// room's wait ends when it has gone out.
    /// </summary>
    public Task OnMovedAsync(long gid)
    {
        LogMoving(_logger, gid);
        return Deliver(() => _hub.Clients.Addresses(_addressesHere()).OnMoved(gid));
    }

    public Task OnStreamEventAsync(StreamEvent e, RoomSequence sequence) => Receive(sequence, () =>
    {
        var clients = _hub.Clients.Addresses(e.Recipients);
        var participant = e.Stream.ToDto();
        return e.Kind switch
        {
            StreamEventKind.Subscriber => clients.OnSubscriber(e.Subscriber!.ToDto(e.Stream), e.Flag),
            StreamEventKind.Mute => clients.OnMute(participant),
            StreamEventKind.Talking => clients.OnTalking(participant, e.Flag),
            StreamEventKind.Hangup => clients.OnHangup(participant, e.Reason ?? "hangup"),
            StreamEventKind.Connected => clients.OnConnected(participant, e.Flag),
            StreamEventKind.Layers => clients.OnLayers(participant, e.Layers),
            _ => Task.CompletedTask,
        };
    });

    /// <summary>Stops the gap timer; events after this are dropped (the node no longer has the room).</summary>
    public void Dispose() => _sequencer.Dispose();

    private Task Receive(RoomSequence sequence, Func<Task> deliver)
    {
        _metrics.Arrived(_sequencer.Receive(sequence, deliver));
        return Task.CompletedTask;
    }

    /// <summary>Chains one send after the previous one, so the hub gets them in the order they were released.</summary>
    private Task Deliver(Func<Task> send)
    {
        lock (_chain)
        {
            return _delivered = DeliverAfterAsync(_delivered, send);
        }
    }

    private async Task DeliverAfterAsync(Task previous, Func<Task> send)
    {
        await previous;
        try
        {
            await send();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogDeliveryFailed(_logger, _gid, e.GetType().Name);
        }
    }

    private void OnGap(RoomEventGap gap, TimeSpan timeout)
    {
        _metrics.Gap();
        Deliver(() =>
        {
            var here = _addressesHere();
            LogGap(_logger, _gid, gap.Missing, gap.From, timeout.TotalMilliseconds, here.Length);
            return _hub.Clients.Addresses(here).OnResync(_gid);
        });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Member {Address} of group {Gid} changed")]
    private static partial void LogMemberChanged(ILogger logger, string address, long gid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {Gid} was deleted")]
    private static partial void LogDeleted(ILogger logger, long gid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Gid} is moving to another silo: its clients here rejoin")]
    private static partial void LogMoving(ILogger logger, long gid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Gid}: {Missing} events from #{From} did not arrive within {TimeoutMs} ms; the later ones were delivered and {Users} users here resynchronise")]
    private static partial void LogGap(ILogger logger, long gid, long missing, long from, double timeoutMs, int users);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {Gid}: an event could not be sent to its clients ({Error})")]
    private static partial void LogDeliveryFailed(ILogger logger, long gid, string error);
}
