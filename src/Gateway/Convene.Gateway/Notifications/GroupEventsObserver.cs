using Convene.Gateway.Hubs;
using Convene.Grains.Groups;
using Convene.Grains.Rooms;
using Convene.Grains.Streams;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Convene.Gateway.Notifications;

/// <summary>
/// This gateway node's receiver of one group's events (one per node per group). Each event names the
/// recipients; they are reached through SignalR's user addressing (user id = address).
/// </summary>
/// <param name="hub">The hub's clients.</param>
/// <param name="logger">Logs.</param>
/// <param name="addressesHere">The users this node has in the group's call.</param>
/// <param name="callEnded">The call of these users ended (removed, ended, group deleted): this node stops reporting them in the room.</param>
internal sealed partial class GroupEventsObserver(
    IHubContext<ConferenceHub, IConferenceClient> hub, ILogger logger, Func<string[]> addressesHere, Action<IReadOnlyCollection<string>> callEnded) : IGroupObserver
{
    public Task OnMessageAsync(GroupMessageEvent e) => hub.Clients.Addresses(e.Recipients).OnMessage(e.Message.ToDto());

    public Task OnPublisherAsync(PublisherEvent e) => hub.Clients.Addresses(e.Recipients).OnPublisher(e.Stream.ToDto(e.Gid), e.Active);

    public Task OnMemberChangedAsync(MemberChangedEvent e)
    {
        LogMemberChanged(logger, e.Address, e.Gid);
        return hub.Clients.Address(e.Address).OnMemberChanged(e.Access.ToDto());
    }

    public Task OnGroupDeletedAsync(GroupDeletedEvent e)
    {
        LogDeleted(logger, e.Gid);
        var here = addressesHere();
        callEnded(here);
        return hub.Clients.Addresses(here).OnGroupDeleted(e.Gid);
    }

    public async Task OnCallControlAsync(CallControlEvent e)
    {
        var clients = hub.Clients.Addresses(e.Recipients);
        switch (e.Kind)
        {
            case CallControlKind.Hand:
                await clients.OnRaiseHand(e.Gid, e.Address!, e.Flag);
                break;
            case CallControlKind.CallEnded:
                callEnded(e.Recipients);
                await clients.OnCallEnded(e.Gid, e.Reason ?? "ended", e.By);
                break;
            case CallControlKind.ModeratorMute when e.Stream is not null:
                await clients.OnModeratorMute(e.Stream.ToDto(), e.By ?? "");
                break;
        }
    }

    public Task OnMovedAsync(long gid)
    {
        LogMoving(logger, gid);
        return hub.Clients.Addresses(addressesHere()).OnMoved(gid);
    }

    public Task OnStreamEventAsync(StreamEvent e)
    {
        var clients = hub.Clients.Addresses(e.Recipients);
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
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Member {Address} of group {Gid} changed")]
    private static partial void LogMemberChanged(ILogger logger, string address, long gid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {Gid} was deleted")]
    private static partial void LogDeleted(ILogger logger, long gid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Gid} is moving to another silo: its clients here rejoin")]
    private static partial void LogMoving(ILogger logger, long gid);
}
