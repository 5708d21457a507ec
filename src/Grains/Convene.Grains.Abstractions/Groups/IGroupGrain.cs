using Convene.Grains.Permissions;
using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>
/// A group's persisted record (settings, members, validity), keyed by its gid. Every operation is decided by the
/// permission function for the given <see cref="Actor"/>; on any status but Ok nothing changed. Every change is
/// written before the call returns and then handed to the group's live room (<see cref="Rooms.IRoomGrain"/>).
/// Get a gid from <see cref="IGroupIdAllocatorGrain"/> before <see cref="CreateAsync"/>.
/// </summary>
public interface IGroupGrain : IGrainWithIntegerKey
{
    /// <summary>groupadd: creates the group (Conflict if it exists or existed).</summary>
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

    /// <summary>What a user may do in the group.</summary>
    Task<GroupQuery<MemberAccess>> GetAccessAsync(string address);

    /// <summary>
    /// The whole record, for the room grain to decide with. A pure read that may interleave with a running
    /// change (which is awaiting the room), so a room activating during a change does not deadlock.
    /// </summary>
    [AlwaysInterleave]
    Task<GroupSnapshot> GetSnapshotAsync();

    /// <summary>
    /// Activity in the room at <paramref name="activityAt"/>: extends the expiry when <c>validity.expiryext</c> is set.
    /// One-way, so the room never waits on the group (which may be waiting on the room).
    /// </summary>
    [OneWay]
    Task ExtendExpiryAsync(DateTimeOffset activityAt);
}
