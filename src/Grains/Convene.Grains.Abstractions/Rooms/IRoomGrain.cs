using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;
using Orleans.Concurrency;

namespace Convene.Grains.Rooms;

/// <summary>
/// A group's live call, keyed by its gid: who is online (by gateway and connection), the published streams with
/// their mute/talking state and subscribers, group chat delivery, and the room's media relay. Nothing here is
/// persisted: a room that was reactivated is rebuilt by the gateways' <see cref="RefreshAsync"/> and by clients
/// rejoining. It decides with the group's record (<see cref="IGroupGrain.GetSnapshotAsync"/>), which the group
/// hands over after every change. Each hub method is one call here; the caller names its connection, and a
/// connection the room does not know (it was reactivated) is taken back in after the same access check as a join.
/// </summary>
public interface IRoomGrain : IGrainWithIntegerKey
{
    /// <summary>Joins a connection to the call: access, settings, publishers (if it may list) and the stored messages it missed.</summary>
    Task<RoomJoin> JoinAsync(RoomCaller caller);

    /// <summary>A connection left (or dropped): its streams end and its subscriptions go.</summary>
    Task LeaveAsync(string gatewayId, string connectionId, string reason);

    /// <summary>
    /// A gateway's periodic refresh: keeps its observer registered and tells which connections it has in the room.
    /// Returns false if the room did not know the gateway (it was reactivated, or the registration expired): the
    /// gateway then tells its clients to restore their calls.
    /// </summary>
    Task<bool> RefreshAsync(string gatewayId, IGroupObserver observer, RoomPresence[] connections);

    /// <summary>A gateway node is going away (graceful stop): its connections leave the call now, not at expiry.</summary>
    Task UnregisterAsync(string gatewayId);

    /// <summary>The streams being published (list permission).</summary>
    Task<GroupQuery<StreamInfo[]>> GetPublishersAsync(Actor actor);

    /// <summary>Publishes a stream of the caller (publish permission, call settings); with an SDP offer the relay answers.</summary>
    Task<StreamCallResult> PublishAsync(RoomCaller caller, StreamInfo stream, string? offerSdp);

    /// <summary>Ends one of the caller's streams: off the publisher list, subscribers get <c>OnHangup</c>.</summary>
    Task UnpublishAsync(RoomCaller caller, int streamId);

    /// <summary>Subscribes the caller to a stream (subscribe permission; video only where the room allows it).</summary>
    Task<StreamCallResult> SubscribeAsync(RoomCaller caller, string publisher, int streamId, bool audio, bool video, string? offerSdp);

    /// <summary>Ends the caller's subscription to a stream; its publisher gets <c>OnSubscriber</c>(false).</summary>
    Task UnsubscribeAsync(RoomCaller caller, string publisher, int streamId);

    /// <summary>
    /// Chooses which simulcast layer the caller receives of a stream it subscribes to (subscribe permission):
    /// <paramref name="maxLayer"/> 0 low, 1 medium, 2 high, -1 any; <paramref name="viewHeight"/> the height it shows the
    /// video at (0 = any). The relay forwards the highest layer this, the publisher's limits and the caller's bandwidth allow.
    /// </summary>
    Task<StreamCallResult> SetQualityAsync(RoomCaller caller, string publisher, int streamId, int maxLayer, int viewHeight);

    /// <summary>
    /// Who subscribes to one of the caller's own streams now (what <c>OnSubscriber</c> tells its publisher), ordered by
    /// address: a client that lost events re-reads it. <c>NotFound</c> when the caller does not publish that stream.
    /// </summary>
    Task<GroupQuery<SubscriberInfo[]>> GetSubscribersAsync(RoomCaller caller, int streamId);

    /// <summary>Mutes or unmutes one of the caller's streams: forwarding stops or resumes, subscribers get <c>OnMute</c>.</summary>
    Task<StreamCallResult> SetMuteAsync(RoomCaller caller, int streamId, bool audioMuted, bool videoMuted);

    /// <summary>Sends a group message (send permission; delivered per receive permission, round-robin, loop-back; stored unless 0x40).</summary>
    Task<ChatSendResult> SendMessageAsync(Actor sender, OutgoingMessage message);

    /// <summary>Stored messages newest first, older than <paramref name="beforeId"/> if given, that the actor may read.</summary>
    Task<GroupQuery<HistoryPage>> GetHistoryAsync(Actor actor, long? beforeId, int count);

    /// <summary>
    /// The group's record changed (called by the group grain after writing it): the room decides with the new record,
    /// tells the <paramref name="touched"/> members online (null: everyone online) and ends streams no longer allowed.
    /// </summary>
    Task OnGroupChangedAsync(GroupSnapshot snapshot, string[]? touched);

    /// <summary>
    /// A moderator (the <c>modify</c> admin right) mutes <paramref name="target"/>'s audio and/or video, on stream
    /// <paramref name="streamId"/> or on all of their streams when null: forwarding stops, subscribers get
    /// <c>OnMute</c>, the publisher <c>OnModeratorMute</c>. The publisher may unmute again (their own SetMute).
    /// </summary>
    Task<GroupResult> MuteAsync(RoomCaller caller, string target, int? streamId, bool audio, bool video);

    /// <summary>Mutes everyone's streams but the caller's (the <c>modify</c> admin right).</summary>
    Task<GroupResult> MuteAllAsync(RoomCaller caller, bool audio, bool video);

    /// <summary>
    /// A moderator (the <c>remuser</c> admin right) removes <paramref name="target"/> from the live call: their streams
    /// and subscriptions end and their connections get <c>OnCallEnded("removed")</c>. They stay a member and may join again.
    /// </summary>
    Task<GroupResult> RemoveFromCallAsync(RoomCaller caller, string target);

    /// <summary>Ends the call for everyone (the <c>modify</c> admin right): every connection gets <c>OnCallEnded("ended")</c>.</summary>
    Task<GroupResult> EndCallAsync(RoomCaller caller);

    /// <summary>Raises or lowers the caller's hand: everyone in the call who may list gets <c>OnRaiseHand</c>.</summary>
    Task<GroupResult> RaiseHandAsync(RoomCaller caller, bool raised);

    /// <summary>The raised hands, in the order they were raised (list permission).</summary>
    Task<GroupQuery<string[]>> GetRaisedHandsAsync(Actor actor);

    /// <summary>
    /// What the caller may do in the call now (what <c>OnMemberChanged</c> tells), for a connection still in it: a client
    /// that lost events re-reads it. Fails <c>NotFound</c> when the connection's call was ended or the group is gone,
    /// <c>Forbidden</c> when the caller may no longer be in the call.
    /// </summary>
    Task<GroupQuery<MemberAccess>> GetAccessAsync(RoomCaller caller);

    /// <summary>From the room's media relay: how many simulcast layers of a stream its subscribers take (dynacast).</summary>
    [OneWay]
    Task OnLayersWantedAsync(string streamKey, int layers);

    /// <summary>From the room's media relay: a stream's talking state changed.</summary>
    [OneWay]
    Task OnTalkingAsync(string streamKey, bool talking);

    /// <summary>From the room's media relay: a participant's media connection for a stream went up or down.</summary>
    [OneWay]
    Task OnMediaConnectedAsync(string address, string streamKey, bool connected);

    /// <summary>What is live, for tests and operators.</summary>
    Task<RoomStatus> GetStatusAsync();
}
