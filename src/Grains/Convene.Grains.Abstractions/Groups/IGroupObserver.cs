using Convene.Grains.Rooms;
using Convene.Grains.Streams;
using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>
/// A gateway node's receiver of a room's events: one per gateway per room, registered by every call the gateway
/// makes to the room and refreshed by <see cref="Rooms.IRoomGrain.RefreshAsync"/>. Each event names the recipients
/// online at that gateway; the gateway fans out to their connections. One-way: a lost gateway is noticed by its
/// registration expiring, not by a failed call. One-way calls are not ordered by Orleans: every event carries its
/// <see cref="RoomSequence"/> (per room activation, per gateway registration) and the gateway delivers each
/// room's events to its clients in that order.
/// </summary>
public interface IGroupObserver : IGrainObserver
{
    /// <summary>A group message.</summary>
    [OneWay]
    Task OnMessageAsync(GroupMessageEvent e, RoomSequence sequence);

    /// <summary>A publisher appeared or went away (sent only to members allowed to list).</summary>
    [OneWay]
    Task OnPublisherAsync(PublisherEvent e, RoomSequence sequence);

    /// <summary>A member's permissions or membership changed.</summary>
    [OneWay]
    Task OnMemberChangedAsync(MemberChangedEvent e, RoomSequence sequence);

    /// <summary>The group was deleted.</summary>
    [OneWay]
    Task OnGroupDeletedAsync(GroupDeletedEvent e, RoomSequence sequence);

    /// <summary>A stream event: subscriber joined or left, mute, talking, hang-up, media connected.</summary>
    [OneWay]
    Task OnStreamEventAsync(StreamEvent e, RoomSequence sequence);

    /// <summary>A moderation action or participant signal: hand raised, call ended for the recipients, muted by a moderator.</summary>
    [OneWay]
    Task OnCallControlAsync(CallControlEvent e, RoomSequence sequence);

    /// <summary>
    /// The room's live call is moving (its silo is shutting down): its media relay goes with it, so the gateway tells
    /// its clients in the room to rejoin, which activates the room on another silo. Awaited (with a short timeout)
    /// rather than one-way, so the stopping silo waits until the gateways have it.
    /// </summary>
    Task OnMovedAsync(long gid);
}
