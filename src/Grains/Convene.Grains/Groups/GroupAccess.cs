using Convene.Grains.Permissions;

namespace Convene.Grains.Groups;

/// <summary>
/// Decisions over one group record: a member index built once per record, and the permission function applied
/// to it. Shared by the group grain (backend operations) and the room grain (calls and chat).
/// </summary>
internal sealed class GroupAccess
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public GroupAccess(GroupSnapshot snapshot)
    {
        Snapshot = snapshot;
        for (var i = 0; i < snapshot.Members.Length; i++)
        {
            _index[snapshot.Members[i].Address] = i;
        }
    }

    public GroupSnapshot Snapshot { get; }

    public long Gid => Snapshot.Gid;

    public bool Exists => Snapshot.Exists;

    public GroupSettings Settings => Snapshot.Settings;

    public bool IsMember(string address) => _index.ContainsKey(address);

    public MemberInfo? MemberOf(string? address) =>
        address is not null && _index.TryGetValue(address, out var i) ? Snapshot.Members[i] : null;

    public PermissionResult Evaluate(Actor actor, Operation operation, DateTimeOffset now, int? messageType = null) =>
        PermissionPolicy.Evaluate(Settings, actor.Kind == ActorKind.User ? MemberOf(actor.Address) : null, operation, actor, now, messageType);

    public bool Can(string address, Operation operation, DateTimeOffset now, int? messageType = null) =>
        Evaluate(Actor.User(address), operation, now, messageType).Allowed;

    /// <summary>NotFound if the group does not exist, Forbidden if the actor may not, else null.</summary>
    public (GroupStatus Status, string Error)? Refuse(Actor actor, Operation operation, DateTimeOffset now)
    {
        if (!Exists)
        {
            return (GroupStatus.NotFound, "no such group");
        }
        var result = Evaluate(actor, operation, now);
        return result.Allowed ? null : (GroupStatus.Forbidden, result.Reason);
    }

    public MemberAccess AccessOf(string address, DateTimeOffset now)
    {
        var member = MemberOf(address);
        bool CanDo(Operation op) => Can(address, op, now);
        return new MemberAccess(
            Gid, address, member is not null, CanDo(Operation.SendMessage), CanDo(Operation.ReceiveMessage), CanDo(Operation.Publish),
            CanDo(Operation.Subscribe), CanDo(Operation.ListParticipants),
            member is null ? AdminRights.None : PermissionPolicy.Effective(member.Admin), Settings.Call)
        {
            Limits = CallLimits.Of(Settings.Call, member?.Call),
        };
    }

    /// <summary>The expiry moved forward by <c>validity.expiryext</c> after activity, or null if it should not move (less than a minute).</summary>
    public DateTimeOffset? ExtendedExpiry(DateTimeOffset now)
    {
        var ext = Settings.ExpiryExtensionSeconds;
        if (ext <= 0 || now >= Settings.ExpiresAt)
        {
            return null;
        }
        var extended = now.AddSeconds(ext);
        return extended - Settings.ExpiresAt < TimeSpan.FromMinutes(1) ? null : extended;
    }
}
