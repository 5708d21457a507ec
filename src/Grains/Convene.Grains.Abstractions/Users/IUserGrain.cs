using Convene.Grains.Calls;
using Convene.Grains.Chat;
using Orleans.Concurrency;

namespace Convene.Grains.Users;

/// <summary>A user, keyed by address: profile, access token (hash only), one-to-one chat delivery.</summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// <c>useradd</c>: creates the user, or regenerates the access token of an existing one
    /// (the old token stops working at once). Returns the token; it is not stored and cannot be read again.
    /// </summary>
    Task<IssuedToken> AddAsync(UserProfile profile);

    /// <summary><c>userdel</c>: deletes the user and revokes the token. False if there was no such user.</summary>
    Task<bool> DeleteAsync();

    /// <summary>The user, or null if none.</summary>
    Task<UserInfo?> GetAsync();

    /// <summary>
    /// The user is online at a gateway: one-to-one messages are delivered through <paramref name="observer"/>.
    /// Returns the stored messages that arrived while the user was offline (oldest first); they count as delivered.
    /// Idempotent: call again to re-register (live state is lost if the grain deactivates).
    /// </summary>
    Task<ChatMessage[]> ConnectAsync(string gatewayId, IUserObserver observer);

    /// <summary>The user has no more connections at this gateway.</summary>
    Task DisconnectAsync(string gatewayId);

    /// <summary>
    /// Whether the user may still have a connection at gateway <paramref name="gatewayId"/> (asked by a call whose
    /// party's connection is there): true while the gateway's registration is fresh (<see cref="ConnectAsync"/> within
    /// <c>Convene:Gateways:Expiry</c>); false once it expired or the gateway said the user left it. A gateway this
    /// activation has not heard of counts as present until the activation is <c>Expiry</c> old (a reactivated grain
    /// learns its gateways from their refreshes).
    /// </summary>
    [AlwaysInterleave]
    Task<bool> IsOnlineAtAsync(string gatewayId);

    /// <summary>
    /// The groups the user is a member of (gids, ascending): what a gateway connects the user to at sign-in, so
    /// that stored group messages reach them. Kept by the group grains; a user need not exist to be a member.
    /// </summary>
    Task<long[]> GetGroupsAsync();

    /// <summary>
    /// Records that the user became a member of a group (called by the group grain); stored messages up to
    /// <paramref name="seenUpTo"/> are history to them, not missed messages.
    /// </summary>
    Task AddMembershipAsync(long gid, long seenUpTo);

    /// <summary>Records that the user stopped being a member of a group (called by the group grain).</summary>
    Task RemoveMembershipAsync(long gid);

    /// <summary>The id of the last stored message of group <paramref name="gid"/> the user has seen; null if not a member.</summary>
    Task<long?> GetSeenAsync(long gid);

    /// <summary>Records that the user has seen group <paramref name="gid"/>'s stored messages up to <paramref name="messageId"/>.</summary>
    Task SetSeenAsync(long gid, long messageId);

    /// <summary>Delivers a one-to-one message (called by the conversation grain): live if a gateway confirms a connection had it, else kept until the next connect.</summary>
    Task DeliverAsync(ChatMessage message);

    /// <summary>
    /// The user places call <paramref name="callId"/> (called by the call grain): false if they are in another live call.
    /// </summary>
    Task<bool> BeginCallAsync(string callId);

    /// <summary>
    /// A call rings for this user (called by the call grain): <see cref="CallOfferResult.Unreachable"/> without a
    /// connection, <see cref="CallOfferResult.Busy"/> in another live call, else the event goes to every gateway the
    /// user is online at and the call becomes the user's live call.
    /// </summary>
    Task<CallOfferResult> OfferCallAsync(CallEvent incoming);

    /// <summary>Sends a call event to every gateway the user is online at (called by the call grain).</summary>
    Task NotifyCallAsync(CallEvent e);

    /// <summary>Call <paramref name="callId"/> ended: it stops being the user's live call (if it was).</summary>
    Task EndCallAsync(string callId);

    /// <summary>The id of the user's live call (ringing or answered), or null.</summary>
    Task<string?> GetActiveCallAsync();
}
