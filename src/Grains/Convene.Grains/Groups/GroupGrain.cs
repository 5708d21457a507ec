using System.Globalization;
using Convene.Actors;
using Convene.Actors.Storage;
using Convene.Grains.Permissions;
using Convene.Grains.Users;

namespace Convene.Grains.Groups;

/// <summary>
/// A group (conference room): settings, members, stored chat; live online members, gateway observers and
/// publishers. Every operation goes through <see cref="PermissionPolicy.Evaluate"/>; every change that must
/// survive a restart is written before the call returns.
/// </summary>
public sealed partial class GroupGrain([PersistentState("group")] IPersistentState<GroupState> state) : Grain, IGroupGrain
{
    // A look-up of the persisted member list, rebuilt from it; not state of its own.
    private readonly Dictionary<string, int> _memberIndex = new(StringComparer.Ordinal);
    private TimeProvider _time = TimeProvider.System;
    private long _gid;

    private GroupState S => state.State;

    private DateTimeOffset Now => _time.GetUtcNow();

    private bool Exists => _gid > 0 && S.Created && !S.Deleted;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _time = ServiceProvider.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        _gid = long.TryParse(this.GetPrimaryKeyString(), NumberStyles.None, CultureInfo.InvariantCulture, out var gid) ? gid : 0;
        RebuildIndex();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<GroupResult> CreateAsync(GroupChange change)
    {
        if (_gid <= 0)
        {
            return new GroupResult(GroupStatus.Invalid, _gid, "gid must be a positive integer");
        }
        if (S.Created)
        {
            return new GroupResult(GroupStatus.Conflict, _gid, "group exists or existed");
        }
        var (settings, error) = GroupSettingsEditor.Apply(new GroupSettings(), change, Now, creating: true);
        if (settings is null)
        {
            return new GroupResult(GroupStatus.Invalid, _gid, error);
        }
        var members = new List<MemberInfo>();
        if (change.Members is { } memberChange)
        {
            if (MemberEditor.Validate(memberChange) is { } why)
            {
                return new GroupResult(GroupStatus.Invalid, _gid, why);
            }
            members = memberChange.Remove ? [] : MemberEditor.Apply([], memberChange).Members;
        }
        S.Created = true;
        S.Settings = settings;
        S.Members = members;
        await state.WriteStateAsync();
        RebuildIndex();
        await SyncMembershipsAsync(members.Select(m => m.Address).ToList(), []);
        return new GroupResult(GroupStatus.Ok, _gid);
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
            return new GroupResult(GroupStatus.Invalid, _gid, error);
        }
        MemberEditor.Outcome? outcome = null;
        if (change.Members is { } memberChange)
        {
            if (MemberEditor.Validate(memberChange) is { } why)
            {
                return new GroupResult(GroupStatus.Invalid, _gid, why);
            }
            outcome = MemberEditor.Apply(S.Members, memberChange);
            if (RefuseAll(actor, outcome.Needed) is { } refusedMembers)
            {
                return refusedMembers;
            }
        }
        S.Settings = settings;
        var (added, removed) = outcome is null ? ([], []) : CommitMembers(outcome);
        await state.WriteStateAsync();
        RebuildIndex();
        await SyncMembershipsAsync(added, removed);
        await AfterAccessChangedAsync(_online.Keys.ToList());
        return new GroupResult(GroupStatus.Ok, _gid);
    }

    /// <inheritdoc />
    public async Task<GroupResult> DeleteAsync(Actor actor)
    {
        if (Refuse(actor, Operation.DeleteGroup) is { } refused)
        {
            return refused;
        }
        var former = S.Members.Select(m => m.Address).ToList();
        S.Deleted = true;
        S.Members = [];
        S.History = [];
        S.DeliveredUpTo = [];
        await state.WriteStateAsync();
        RebuildIndex();
        await SyncMembershipsAsync([], former);
        await BroadcastAsync(o => o.OnGroupDeletedAsync(new GroupDeletedEvent(_gid)));
        _observers.Clear();
        _online.Clear();
        _publishers.Clear();
        KeepAliveWhileObserved();
        return new GroupResult(GroupStatus.Ok, _gid);
    }

    /// <inheritdoc />
    public async Task<GroupResult> EditMembersAsync(Actor actor, MemberChange change)
    {
        if (!Exists)
        {
            return new GroupResult(GroupStatus.NotFound, _gid, "no such group");
        }
        if (MemberEditor.Validate(change) is { } why)
        {
            return new GroupResult(GroupStatus.Invalid, _gid, why);
        }
        var outcome = MemberEditor.Apply(S.Members, change);
        if (RefuseAll(actor, outcome.Needed) is { } refused)
        {
            return refused;
        }
        var (added, removed) = CommitMembers(outcome);
        await state.WriteStateAsync();
        RebuildIndex();
        await SyncMembershipsAsync(added, removed);
        await AfterAccessChangedAsync(outcome.Touched);
        return new GroupResult(GroupStatus.Ok, _gid);
    }

    /// <inheritdoc />
    public Task<GroupQuery<GroupInfo>> GetAsync(Actor actor)
    {
        if (Refuse(actor, Operation.ReadMembers) is { } refused)
        {
            return Task.FromResult(GroupQuery<GroupInfo>.Fail(refused.Status, refused.Error!));
        }
        return Task.FromResult(new GroupQuery<GroupInfo>(GroupStatus.Ok, new GroupInfo(_gid, S.Settings, S.Members.Count)));
    }

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
        return Task.FromResult(new GroupQuery<MembersPage>(GroupStatus.Ok, new MembersPage(_gid, S.Members.Count, offset, page)));
    }

    /// <inheritdoc />
    public Task<GroupQuery<PermissionResult>> CheckAsync(Actor actor, Operation operation, int? messageType)
    {
        if (!Exists)
        {
            return Task.FromResult(GroupQuery<PermissionResult>.Fail(GroupStatus.NotFound, "no such group"));
        }
        return Task.FromResult(new GroupQuery<PermissionResult>(GroupStatus.Ok, Evaluate(actor, operation, messageType)));
    }

    /// <inheritdoc />
    public Task<GroupQuery<MemberAccess>> GetAccessAsync(string address)
    {
        if (!Exists)
        {
            return Task.FromResult(GroupQuery<MemberAccess>.Fail(GroupStatus.NotFound, "no such group"));
        }
        if (Limits.CheckAddress(address) is { } why)
        {
            return Task.FromResult(GroupQuery<MemberAccess>.Fail(GroupStatus.Invalid, $"address {why}"));
        }
        return Task.FromResult(new GroupQuery<MemberAccess>(GroupStatus.Ok, AccessOf(address)));
    }

    private MemberInfo? MemberOf(string? address) =>
        address is not null && _memberIndex.TryGetValue(address, out var i) ? S.Members[i] : null;

    private PermissionResult Evaluate(Actor actor, Operation operation, int? messageType = null) =>
        PermissionPolicy.Evaluate(S.Settings, actor.Kind == ActorKind.User ? MemberOf(actor.Address) : null, operation, actor, Now, messageType);

    private GroupResult? Refuse(Actor actor, Operation operation)
    {
        if (!Exists)
        {
            return new GroupResult(GroupStatus.NotFound, _gid, "no such group");
        }
        var result = Evaluate(actor, operation);
        return result.Allowed ? null : new GroupResult(GroupStatus.Forbidden, _gid, result.Reason);
    }

    private GroupResult? RefuseAll(Actor actor, IEnumerable<Operation> operations)
    {
        foreach (var operation in operations)
        {
            if (Refuse(actor, operation) is { } refused)
            {
                return refused;
            }
        }
        return null;
    }

    private MemberAccess AccessOf(string address)
    {
        var member = MemberOf(address);
        var actor = Actor.User(address);
        bool Can(Operation op) => PermissionPolicy.Evaluate(S.Settings, member, op, actor, Now).Allowed;
        return new MemberAccess(
            _gid, address, member is not null, Can(Operation.SendMessage), Can(Operation.ReceiveMessage), Can(Operation.Publish),
            Can(Operation.Subscribe), Can(Operation.ListParticipants),
            member is null ? AdminRights.None : PermissionPolicy.Effective(member.Admin), S.Settings.Call);
    }

    /// <summary>Puts the new member list in the state; returns who joined and who left.</summary>
    private (List<string> Added, List<string> Removed) CommitMembers(MemberEditor.Outcome outcome)
    {
        var lastStored = S.History.Count > 0 ? S.History[^1].Message.Id : 0;
        var now = outcome.Members.Select(m => m.Address).ToHashSet(StringComparer.Ordinal);
        var added = new List<string>();
        var removed = new List<string>();
        foreach (var address in outcome.Touched)
        {
            if (!now.Contains(address))
            {
                S.DeliveredUpTo.Remove(address);
                removed.Add(address);
            }
            else if (!_memberIndex.ContainsKey(address))
            {
                // A new member gets messages from now on; older ones are in the history.
                S.DeliveredUpTo[address] = lastStored;
                added.Add(address);
            }
        }
        S.Members = outcome.Members;
        return (added, removed);
    }

    /// <summary>
    /// Updates the users' group lists after the group's own state is written. The group is the source of truth:
    /// if this fails half-way, a user's list may name a group they left (a gateway checks membership on connect).
    /// </summary>
    private Task SyncMembershipsAsync(IReadOnlyCollection<string> added, IReadOnlyCollection<string> removed) =>
        Task.WhenAll(
            added.Select(a => GrainFactory.GetGrain<IUserGrain>(a).AddMembershipAsync(_gid))
                .Concat(removed.Select(a => GrainFactory.GetGrain<IUserGrain>(a).RemoveMembershipAsync(_gid))));

    private void RebuildIndex()
    {
        _memberIndex.Clear();
        for (var i = 0; i < S.Members.Count; i++)
        {
            _memberIndex[S.Members[i].Address] = i;
        }
    }

    /// <summary>Auto-extends the expiry on activity (<c>validity.expiryext</c>); true if the settings changed.</summary>
    private bool ExtendExpiry()
    {
        var ext = S.Settings.ExpiryExtensionSeconds;
        if (ext <= 0 || Now >= S.Settings.ExpiresAt)
        {
            return false;
        }
        var extended = Now.AddSeconds(ext);
        // Only write when it moves by a minute or more, not on every message.
        if (extended - S.Settings.ExpiresAt < TimeSpan.FromMinutes(1))
        {
            return false;
        }
        S.Settings = S.Settings with { ExpiresAt = extended };
        return true;
    }
}
