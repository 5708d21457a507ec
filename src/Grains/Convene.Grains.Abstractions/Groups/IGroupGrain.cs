using Convene.Actors;
using Convene.Grains.Chat;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;

namespace Convene.Grains.Groups;

/// <summary>
/// A group (conference room), keyed by its numeric gid in invariant decimal. Every operation is decided by the
/// permission function for the given <see cref="Actor"/>; on any status but Ok nothing changed.
/// Get a gid from <see cref="IGroupIdAllocatorGrain"/> before <see cref="CreateAsync"/>.
/// </summary>
public interface IGroupGrain : IGrainWithStringKey
{
    /// <summary>groupadd: creates the group with a freshly allocated gid (Conflict if it exists or existed).</summary>
    Task<GroupResult> CreateAsync(GroupChange change);

    /// <summary>groupset.</summary>
    Task<GroupResult> UpdateAsync(Actor actor, GroupChange change);

    /// <summary>groupdel: the gid is never used again.</summary>
    Task<GroupResult> DeleteAsync(Actor actor);

    /// <summary>groupeditmembers.</summary>
    Task<GroupResult> EditMembersAsync(Actor actor, MemberChange change);

    /// <summary>The group's settings.</summary>
    Task<GroupQuery<GroupInfo>> GetAsync(Actor actor);

    /// <summary>groupgetmembers: <paramref name="count"/> members from <paramref name="offset"/>.</summary>
    Task<GroupQuery<MembersPage>> GetMembersAsync(Actor actor, int offset, int count);

    /// <summary>The permission function for one operation.</summary>
    Task<GroupQuery<PermissionResult>> CheckAsync(Actor actor, Operation operation, int? messageType);

    /// <summary>What a user may do in the group (for joining a call).</summary>
    Task<GroupQuery<MemberAccess>> GetAccessAsync(string address);

    /// <summary>Registers (or replaces) the observer of a gateway node. Live state: call again after a gateway restart or periodically.</summary>
    Task SubscribeAsync(string gatewayId, IGroupObserver observer);

    /// <summary>Forgets a gateway node's observer and its online users.</summary>
    Task UnsubscribeAsync(string gatewayId);

    /// <summary>
    /// A user is online in this group at a subscribed gateway. Returns the stored messages the user may receive that
    /// arrived since they were last delivered to them (oldest first). Idempotent.
    /// </summary>
    Task<GroupQuery<IReadOnlyList<ChatMessage>>> ConnectAsync(string gatewayId, string address);

    /// <summary>The user has no more connections at this gateway; their published streams there end.</summary>
    Task DisconnectAsync(string gatewayId, string address);

    /// <summary>Sends a group message (send permission; delivered per receive permission, round-robin, loop-back; stored unless 0x40).</summary>
    Task<ChatSendResult> SendMessageAsync(Actor sender, OutgoingMessage message);

    /// <summary>Stored messages newest first, older than <paramref name="beforeId"/> if given.</summary>
    Task<GroupQuery<HistoryPage>> GetHistoryAsync(Actor actor, long? beforeId, int count);

    /// <summary>Adds a stream to the publisher list (publish permission); members allowed to list are told.</summary>
    Task<GroupResult> PublishAsync(PublishedStream stream);

    /// <summary>Removes a stream from the publisher list.</summary>
    Task<GroupResult> UnpublishAsync(string address, string streamId);

    /// <summary>The active publishers (list permission).</summary>
    Task<GroupQuery<IReadOnlyList<PublishedStream>>> GetPublishersAsync(Actor actor);

    /// <summary>
    /// Publishes a stream of <see cref="StreamInfo.Address"/> (publish permission, call settings): with an SDP offer the
    /// room's media relay answers it; the stream's live state starts and members allowed to list get <c>OnPublisher</c>.
    /// </summary>
    Task<StreamCallResult> PublishStreamAsync(StreamInfo stream, string? offerSdp, GatewayRef gateway);

    /// <summary>Subscribes <paramref name="address"/> to a published stream (subscribe permission; video only where the room allows it).</summary>
    Task<StreamCallResult> SubscribeStreamAsync(string address, string publisher, int streamId, bool audio, bool video, string? offerSdp, GatewayRef gateway);

    /// <summary>Mutes or unmutes one of <paramref name="address"/>'s streams: forwarding stops or resumes, subscribers get <c>OnMute</c>.</summary>
    Task<StreamCallResult> SetStreamMuteAsync(string address, int streamId, bool audioMuted, bool videoMuted);

    /// <summary>Ends one of <paramref name="address"/>'s streams: it leaves the publisher list, subscribers get <c>OnHangup</c>.</summary>
    Task EndStreamAsync(string address, int streamId, string reason);

    /// <summary>Ends <paramref name="address"/>'s subscription to the stream with key <paramref name="streamKey"/>.</summary>
    Task UnsubscribeStreamAsync(string address, string streamKey);
}
