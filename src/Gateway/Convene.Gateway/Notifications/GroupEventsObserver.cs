using Convene.Gateway.Hubs;
using Convene.Grains.Groups;
using Convene.Grains.Streams;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Convene.Gateway.Notifications;

/// <summary>
/// This gateway node's receiver of one group's events (one per node per group). Each event names the
/// recipients; they are reached through SignalR's user addressing (user id = address).
/// </summary>
internal sealed class GroupEventsObserver(IHubContext<ConferenceHub, IConferenceClient> hub, ILogger logger, Func<string[]> addressesHere) : IGroupObserver
{
    public Task OnMessageAsync(GroupMessageEvent e) => hub.Clients.Addresses(e.Recipients).OnMessage(e.Message.ToDto());

    public Task OnPublisherAsync(PublisherEvent e) => hub.Clients.Addresses(e.Recipients).OnPublisher(e.Stream.ToDto(e.Gid), e.Active);

    public Task OnMemberChangedAsync(MemberChangedEvent e)
    {
        logger.LogDebug("Member {Address} of group {Gid} changed", e.Address, e.Gid);
        return Task.CompletedTask;
    }

    public Task OnGroupDeletedAsync(GroupDeletedEvent e)
    {
        logger.LogInformation("Group {Gid} was deleted", e.Gid);
        return Task.CompletedTask;
    }

    public Task OnMovedAsync(long gid)
    {
        logger.LogInformation("Room {Gid} is moving to another silo: its clients here rejoin", gid);
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
            _ => Task.CompletedTask,
        };
    }
}
