using Convene.Grains.Chat;
using Convene.Grains.Hosting;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;
using Convene.Grains.Users;

namespace Convene.Grains.Groups;

/// <summary>
/// A group's persisted record: settings, members, validity. Every operation goes through
/// <see cref="PermissionPolicy.Evaluate"/>; every change is written before the call returns, then the users'
/// group lists and the live room are told.
/// </summary>
public sealed class GroupGrain(
    [PersistentState("group", ConveneGrainStorage.Name)] IPersistentState<GroupState> state,
    TimeProvider time) : Grain, IGroupGrain
{
    // Decisions over the persisted record; rebuilt whenever it changes. Not state of its own.
    private GroupAccess _access = null!;

    private GroupState S => state.State;

    private long Gid => this.GetPrimaryKeyLong();

    private DateTimeOffset Now => time.GetUtcNow();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Rebuild();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<GroupResult> CreateAsync(GroupChange change)
    {
        if (Gid <= 0)
        {
            return new GroupResult(GroupStatus.Invalid, Gid, "gid must be a positive integer");
        }
        if (S.Created)
        {
            return new GroupResult(GroupStatus.Conflict, Gid, "group exists or existed");
        }
        var (settings, error) = GroupSettingsEditor.Apply(new GroupSettings(), change, Now, creating: true);
        if (settings is null)
        {
            return new GroupResult(GroupStatus.Invalid, Gid, error);
        }
        var members = new List<MemberInfo>();
        if (change.Members is { } memberChange)
        {
            if (MemberEditor.Validate(memberChange) is { } why)
            {
                return new GroupResult(GroupStatus.Invalid, Gid, why);
            }
            members = memberChange.Remove ? [] : MemberEditor.Apply([], memberChange).Members;
        }
        S.Created = true;
        S.Settings = settings;
        S.Members = members;
        await CommitAsync([.. members.Select(m => m.Address)], [], []);
        return new GroupResult(GroupStatus.Ok, Gid);
    }

    /// <inheritdoc />
    public async Task<GroupResult> UpdateAsync(Actor actor, GroupChange change)
    {
        if (Refuse(actor, Operation.ModifyGroup) is { } refused)
        {
            return refused;
        }
        var (settings, error) = GroupSettingsEditor.Apply(S.Settings, change, Now, creating: false);
        if (settings is null)
        {
            return new GroupResult(GroupStatus.Invalid, Gid, error);
        }
        MemberEditor.Outcome? outcome = null;
        if (change.Members is { } memberChange)
        {
            if (MemberEditor.Validate(memberChange) is { } why)
            {
                return new GroupResult(GroupStatus.Invalid, Gid, why);
            }
            outcome = MemberEditor.Apply(S.Members, memberChange);
            if (RefuseAll(actor, outcome.Needed) is { } refusedMembers)
            {
                return refusedMembers;
            }
        }
        S.Settings = settings;
        var (added, removed) = outcome is null ? ([], []) : ApplyMembers(outcome);
        // Settings apply to everyone online: the room re-checks all of them.
        await CommitAsync(added, removed, null);
        return new GroupResult(GroupStatus.Ok, Gid);
    }

    /// <inheritdoc />
    public async Task<GroupResult> DeleteAsync(Actor actor)
    {
        if (Refuse(actor, Operation.DeleteGroup) is { } refused)
        {
            return refused;
        }
        var former = S.Members.Select(m => m.Address).ToArray();
        S.Deleted = true;
        S.Members = [];
        await CommitAsync([], former, former);
        await GrainFactory.GetGrain<IGroupChatGrain>(Gid).ClearAsync();
        return new GroupResult(GroupStatus.Ok, Gid);
    }

    /// <inheritdoc />
    public async Task<GroupResult> EditMembersAsync(Actor actor, MemberChange change)
    {
        if (!_access.Exists)
        {
            return new GroupResult(GroupStatus.NotFound, Gid, "no such group");
        }
        if (MemberEditor.Validate(change) is { } why)
        {
            return new GroupResult(GroupStatus.Invalid, Gid, why);
        }
        var outcome = MemberEditor.Apply(S.Members, change);
        if (RefuseAll(actor, outcome.Needed) is { } refused)
        {
            return refused;
        }
        var (added, removed) = ApplyMembers(outcome);
        await CommitAsync(added, removed, [.. outcome.Touched]);
        return new GroupResult(GroupStatus.Ok, Gid);
    }

    /// <inheritdoc />
    public Task<GroupQuery<GroupInfo>> GetAsync(Actor actor) => Task.FromResult(
        Refuse(actor, Operation.ReadMembers) is { } refused
            ? GroupQuery<GroupInfo>.Fail(refused.Status, refused.Error!)
            : new GroupQuery<GroupInfo>(GroupStatus.Ok, new GroupInfo(Gid, S.Settings, S.Members.Count)));

    /// <inheritdoc />
    public Task<GroupQuery<MembersPage>> GetMembersAsync(Actor actor, int offset, int count)
    {
        if (Refuse(actor, Operation.ReadMembers) is { } refused)
        {
            return Task.FromResult(GroupQuery<MembersPage>.Fail(refused.Status, refused.Error!));
        }
        if (offset < 0)
        {
            return Task.FromResult(GroupQuery<MembersPage>.Fail(GroupStatus.Invalid, "offset must not be negative"));
        }
        if (count is < 1 or > Limits.MaxPageSize)
        {
            return Task.FromResult(GroupQuery<MembersPage>.Fail(GroupStatus.Invalid, $"count must be between 1 and {Limits.MaxPageSize}"));
        }
        var page = S.Members.Skip(offset).Take(count).ToArray();
        return Task.FromResult(new GroupQuery<MembersPage>(GroupStatus.Ok, new MembersPage(Gid, S.Members.Count, offset, page)));
    }

    /// <inheritdoc />
    public Task<GroupQuery<PermissionResult>> CheckAsync(Actor actor, Operation operation, int? messageType) => Task.FromResult(
        _access.Exists
            ? new GroupQuery<PermissionResult>(GroupStatus.Ok, _access.Evaluate(actor, operation, Now, messageType))
            : GroupQuery<PermissionResult>.Fail(GroupStatus.NotFound, "no such group"));

    /// <inheritdoc />
    public Task<GroupQuery<MemberAccess>> GetAccessAsync(string address)
    {
        if (!_access.Exists)
        {
            return Task.FromResult(GroupQuery<MemberAccess>.Fail(GroupStatus.NotFound, "no such group"));
        }
        if (Limits.CheckAddress(address) is { } why)
        {
            return Task.FromResult(GroupQuery<MemberAccess>.Fail(GroupStatus.Invalid, $"address {why}"));
        }
        return Task.FromResult(new GroupQuery<MemberAccess>(GroupStatus.Ok, _access.AccessOf(address, Now)));
    }

    /// <inheritdoc />
    public Task<GroupSnapshot> GetSnapshotAsync() => Task.FromResult(_access.Snapshot);

    /// <inheritdoc />
    public async Task ExtendExpiryAsync(DateTimeOffset activityAt)
    {
        if (_access.Exists && _access.ExtendedExpiry(activityAt) is { } extended)
        {
            S.Settings = S.Settings with { ExpiresAt = extended };
            await CommitAsync([], [], []);
        }
    }

    private GroupResult? Refuse(Actor actor, Operation operation) =>
        _access.Refuse(actor, operation, Now) is { } refused ? new GroupResult(refused.Status, Gid, refused.Error) : null;

    private GroupResult? RefuseAll(Actor actor, IEnumerable<Operation> operations) =>
        operations.Select(op => Refuse(actor, op)).FirstOrDefault(r => r is not null);

    /// <summary>Puts the new member list in the state; returns who joined and who left.</summary>
    private (string[] Added, string[] Removed) ApplyMembers(MemberEditor.Outcome outcome)
    {
        var now = outcome.Members.Select(m => m.Address).ToHashSet(StringComparer.Ordinal);
        var added = outcome.Touched.Where(a => now.Contains(a) && !_access.IsMember(a)).ToArray();
        var removed = outcome.Touched.Where(a => !now.Contains(a)).ToArray();
        S.Members = outcome.Members;
        return (added, removed);
    }

    /// <summary>
    /// Writes the record, then tells the users whose membership changed and the live room (null
    /// <paramref name="touched"/>: everyone online). The record is the source of truth: if a later step fails, a
    /// user's group list may be stale, and the room re-reads the record when it next activates.
    /// </summary>
    private async Task CommitAsync(string[] added, string[] removed, string[]? touched)
    {
        await state.WriteStateAsync();
        Rebuild();
        if (added.Length > 0)
        {
            // New members get stored messages from now on; older ones are history, not missed messages.
            var seen = await GrainFactory.GetGrain<IGroupChatGrain>(Gid).GetLastIdAsync();
            await Task.WhenAll(added.Select(a => GrainFactory.GetGrain<IUserGrain>(a).AddMembershipAsync(Gid, seen)));
        }
        await Task.WhenAll(removed.Select(a => GrainFactory.GetGrain<IUserGrain>(a).RemoveMembershipAsync(Gid)));
        await GrainFactory.GetGrain<IRoomGrain>(Gid).OnGroupChangedAsync(_access.Snapshot, touched);
    }

    private void Rebuild() =>
        _access = new GroupAccess(new GroupSnapshot(Gid, Gid > 0 && S.Created && !S.Deleted, S.Settings, [.. S.Members]));
}
