using Convene.Grains.Groups;

namespace Convene.Grains.Permissions;

/// <summary>
/// The one permission function: group settings × member × admin rights × operation → allowed or not.
/// Every entry point (backend API, hub, grains) decides through it. Pure: no I/O, the time is an argument.
/// </summary>
public static class PermissionPolicy
{
    /// <summary>Decides whether <paramref name="actor"/> may perform <paramref name="operation"/> on a group.</summary>
    /// <param name="group">The group's settings.</param>
    /// <param name="member">The actor's membership of the group; null if the actor is not a member (or is the backend).</param>
    /// <param name="operation">What the actor wants to do.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="now">The current time.</param>
    /// <param name="messageType">For messages: the message type, checked against the per-type permissions if the group has any for it.</param>
    public static PermissionResult Evaluate(
        GroupSettings group, MemberInfo? member, Operation operation, Actor actor, DateTimeOffset now, int? messageType = null)
    {
        if (now >= group.ExpiresAt)
        {
            // Nobody communicates in an expired group, but the app's server still administers it: it may extend the
            // validity (groupset), read or change the members, or delete the group.
            return actor.Kind == ActorKind.Backend && IsAdministration(operation)
                ? PermissionResult.Allow("backend (group expired)")
                : PermissionResult.Deny("group expired");
        }
        if (actor.Kind == ActorKind.Backend)
        {
            return PermissionResult.Allow("backend");
        }
        if (member is not null && !string.Equals(member.Address, actor.Address, StringComparison.Ordinal))
        {
            throw new ArgumentException("member must be the actor's own membership", nameof(member));
        }
        if (!group.Active)
        {
            return PermissionResult.Deny("group disabled");
        }
        if (now < group.ValidFrom)
        {
            return PermissionResult.Deny("group not yet valid");
        }
        return operation switch
        {
            Operation.SendMessage => Message(group, member, Capability.Send, messageType),
            Operation.ReceiveMessage => Message(group, member, Capability.Receive, messageType),
            Operation.Publish => Communicate(group.Flags.AudienceOf(Capability.Publish), member, Capability.Publish, null),
            Operation.Subscribe => Communicate(group.Flags.AudienceOf(Capability.Subscribe), member, Capability.Subscribe, null),
            Operation.ListParticipants => Communicate(group.Flags.AudienceOf(Capability.List), member, Capability.List, null),
            Operation.ReadMembers => member is null ? PermissionResult.Deny("not a member") : PermissionResult.Allow("member"),
            _ => Administer(member, operation),
        };
    }

    /// <summary>The rights an admin flag implies: owner implies all, admin the everyday ones.</summary>
    public static AdminRights Effective(AdminRights rights)
    {
        if ((rights & AdminRights.Owner) != 0)
        {
            return rights | AdminRights.Admin | AdminRights.Modify | AdminRights.Remove | AdminRights.AddUser
                | AdminRights.RemUser | AdminRights.AddAdmin | AdminRights.RemAdmin | AdminRights.RemOwner;
        }
        if ((rights & AdminRights.Admin) != 0)
        {
            return rights | AdminRights.Modify | AdminRights.AddUser | AdminRights.RemUser | AdminRights.AddAdmin | AdminRights.RemAdmin;
        }
        return rights;
    }

    /// <summary>Whether <paramref name="operation"/> administers the group (settings, members, deletion) rather than communicating in it.</summary>
    public static bool IsAdministration(Operation operation) => operation is not (
        Operation.SendMessage or Operation.ReceiveMessage or Operation.Publish or Operation.Subscribe or Operation.ListParticipants);

    private static PermissionResult Message(GroupSettings group, MemberInfo? member, Capability capability, int? messageType)
    {
        var rule = messageType is int type ? group.MessageTypes.FirstOrDefault(r => r.Type == type) : null;
        if (rule is null)
        {
            // Round-robin (0x20) is a delivery mode; "selected can receive" (0x10) still decides who is eligible.
            var audience = capability == Capability.Receive
                ? (group.Flags & GroupFlags.SelectedCanReceive) != 0 ? Audience.Selected : Audience.Members
                : group.Flags.AudienceOf(Capability.Send);
            return Communicate(audience, member, capability, null);
        }
        var typeAudience = capability == Capability.Receive ? ReceiveAudience(rule.Receive) : rule.Send;
        return Communicate(typeAudience, member, capability, rule.Type);
    }

    // Receiving is always for members: "anyone" for receive is round-robin, a delivery mode among members.
    private static Audience ReceiveAudience(Audience audience) => audience == Audience.Anyone ? Audience.Members : audience;

    private static PermissionResult Communicate(Audience audience, MemberInfo? member, Capability capability, int? messageType)
    {
        switch (audience)
        {
            case Audience.Anyone:
                return PermissionResult.Allow("anyone");
            case Audience.Members:
                return member is null ? PermissionResult.Deny("only members") : PermissionResult.Allow("member");
            default:
                if (member is null)
                {
                    return PermissionResult.Deny("only selected members");
                }
                var allowed = messageType is int type
                    ? member.TypePermissions.FirstOrDefault(p => p.Type == type) is not { } tp || (capability == Capability.Send ? tp.Send : tp.Recv)
                    : member.Permissions.Allows(capability);
                return allowed
                    ? PermissionResult.Allow("selected member")
                    : PermissionResult.Deny($"member lacks the {capability.ToString().ToLowerInvariant()} permission");
        }
    }

    private static PermissionResult Administer(MemberInfo? member, Operation operation)
    {
        var needed = operation switch
        {
            Operation.ModifyGroup => AdminRights.Modify,
            Operation.DeleteGroup => AdminRights.Remove,
            Operation.AddMembers => AdminRights.AddUser,
            Operation.RemoveMembers => AdminRights.RemUser,
            Operation.AddAdmins => AdminRights.AddAdmin,
            Operation.AddOwners => AdminRights.Owner,
            Operation.RemoveAdmins => AdminRights.RemAdmin,
            Operation.RemoveOwners => AdminRights.RemOwner,
            // Moderating the live call changes the group's call: the modify right (admins and owners have it).
            Operation.ModerateCall => AdminRights.Modify,
            Operation.RemoveFromCall => AdminRights.RemUser,
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown operation"),
        };
        if (member is null)
        {
            return PermissionResult.Deny("not a member");
        }
        return (Effective(member.Admin) & needed) != 0
            ? PermissionResult.Allow("admin right")
            : PermissionResult.Deny($"requires the {needed.ToString().ToLowerInvariant()} admin right");
    }
}
