using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using FsCheck;
using FsCheck.Fluent;

namespace Convene.Grains.Tests.Permissions;

/// <summary>Properties of the permission function, checked on random groups, members and operations.</summary>
public sealed class PermissionPolicyPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(2000);

    private static bool Valid(Case c) => c.Now >= c.Group.ValidFrom && c.Now < c.Group.ExpiresAt && c.Group.Active;

    private static Capability? CapabilityOf(Operation op) => op switch
    {
        Operation.SendMessage => Capability.Send,
        Operation.ReceiveMessage => Capability.Receive,
        Operation.Publish => Capability.Publish,
        Operation.Subscribe => Capability.Subscribe,
        Operation.ListParticipants => Capability.List,
        _ => null,
    };

    /// <summary>The audience the group gives a capability, per message type where a rule applies.</summary>
    private static Audience AudienceFor(Case c, Capability capability)
    {
        var rule = c.MessageType is int t && capability is Capability.Send or Capability.Receive
            ? c.Group.MessageTypes.FirstOrDefault(r => r.Type == t)
            : null;
        if (rule is null && capability == Capability.Receive)
        {
            return (c.Group.Flags & GroupFlags.SelectedCanReceive) != 0 ? Audience.Selected : Audience.Members;
        }
        var audience = rule is null ? c.Group.Flags.AudienceOf(capability) : capability == Capability.Send ? rule.Send : rule.Receive;
        return capability == Capability.Receive && audience == Audience.Anyone ? Audience.Members : audience;
    }

    [Fact]
    public void Expired_groups_allow_users_nothing_and_the_backend_only_administration()
    {
        Prop.ForAll(PermissionGen.Cases.ToArbitrary(), c =>
            c.Now < c.Group.ExpiresAt
            || c.Evaluate().Allowed == (c.Actor.Kind == ActorKind.Backend && PermissionPolicy.IsAdministration(c.Op)))
            .Check(Config);
    }

    [Fact]
    public void The_backend_is_allowed_everything_while_the_group_is_valid_and_administration_after_it_expired()
    {
        Prop.ForAll(PermissionGen.Cases.ToArbitrary(), c =>
            c.Actor.Kind != ActorKind.Backend
            || c.Evaluate().Allowed == (c.Now < c.Group.ExpiresAt || PermissionPolicy.IsAdministration(c.Op)))
            .Check(Config);
    }

    [Fact]
    public void A_non_member_is_never_allowed_what_the_group_restricts_to_members_or_selected_members()
    {
        Prop.ForAll(PermissionGen.Cases.ToArbitrary(), c =>
        {
            if (c.Actor.Kind != ActorKind.User || c.Member is not null)
            {
                return true;
            }
            var capability = CapabilityOf(c.Op);
            var restricted = capability is null || AudienceFor(c, capability.Value) != Audience.Anyone;
            return !restricted || !c.Evaluate().Allowed;
        }).Check(Config);
    }

    [Fact]
    public void Users_can_do_nothing_in_a_disabled_or_not_yet_valid_group()
    {
        Prop.ForAll(PermissionGen.Cases.ToArbitrary(), c =>
            c.Actor.Kind != ActorKind.User || Valid(c) || !c.Evaluate().Allowed)
            .Check(Config);
    }

    [Fact]
    public void Member_permissions_matter_only_where_the_group_says_selected()
    {
        Prop.ForAll(PermissionGen.Cases.ToArbitrary(), PermissionGen.MemberPermissions.ToArbitrary(), (c, other) =>
        {
            var capability = CapabilityOf(c.Op);
            if (c.Member is null || capability is null || !Valid(c))
            {
                return true;
            }
            var audience = AudienceFor(c, capability.Value);
            var typed = c.MessageType is int t && capability is Capability.Send or Capability.Receive && c.Group.MessageTypes.Any(r => r.Type == t);
            var result = c.Evaluate();
            if (audience != Audience.Selected)
            {
                var flipped = c with { Member = c.Member with { Permissions = other, TypePermissions = [] } };
                return result.Allowed && flipped.Evaluate().Allowed;
            }
            if (typed)
            {
                var tp = c.Member.TypePermissions.FirstOrDefault(p => p.Type == c.MessageType);
                var expected = tp is null || (capability == Capability.Send ? tp.Send : tp.Recv);
                return result.Allowed == expected;
            }
            return result.Allowed == c.Member.Permissions.Allows(capability.Value);
        }).Check(Config);
    }

    [Fact]
    public void Owners_may_administer_and_members_without_rights_may_not()
    {
        var adminOps = new[]
        {
            Operation.ModifyGroup, Operation.DeleteGroup, Operation.AddMembers, Operation.RemoveMembers,
            Operation.AddAdmins, Operation.AddOwners, Operation.RemoveAdmins, Operation.RemoveOwners,
            Operation.ModerateCall, Operation.RemoveFromCall,
        };
        Prop.ForAll(PermissionGen.Cases.ToArbitrary(), c =>
        {
            if (c.Member is null || !Valid(c) || !adminOps.Contains(c.Op))
            {
                return true;
            }
            var owner = c with { Member = c.Member with { Admin = AdminRights.Owner } };
            var plain = c with { Member = c.Member with { Admin = AdminRights.None } };
            return owner.Evaluate().Allowed && !plain.Evaluate().Allowed;
        }).Check(Config);
    }

    [Fact]
    public void Moderating_the_call_needs_modify_and_removing_from_it_remuser_which_admins_have()
    {
        Prop.ForAll(PermissionGen.Cases.ToArbitrary(), PermissionGen.Admin.ToArbitrary(), (c, rights) =>
        {
            if (c.Member is null || c.Actor.Kind != ActorKind.User || !Valid(c))
            {
                return true;
            }
            var effective = PermissionPolicy.Effective(rights);
            var member = c.Member with { Admin = rights };
            var moderate = (c with { Member = member, Op = Operation.ModerateCall }).Evaluate().Allowed;
            var remove = (c with { Member = member, Op = Operation.RemoveFromCall }).Evaluate().Allowed;
            var adminsCan = (c with { Member = member with { Admin = AdminRights.Admin }, Op = Operation.ModerateCall }).Evaluate().Allowed
                && (c with { Member = member with { Admin = AdminRights.Admin }, Op = Operation.RemoveFromCall }).Evaluate().Allowed;
            return moderate == ((effective & AdminRights.Modify) != 0) && remove == ((effective & AdminRights.RemUser) != 0) && adminsCan;
        }).Check(Config);
    }

    [Fact]
    public void Granting_a_right_never_takes_a_permission_away()
    {
        Prop.ForAll(PermissionGen.Cases.ToArbitrary(), c =>
        {
            if (c.Member is null)
            {
                return true;
            }
            var more = c with { Member = c.Member with { Admin = c.Member.Admin | AdminRights.Owner, Permissions = MemberPermissions.All, TypePermissions = [] } };
            return !c.Evaluate().Allowed || more.Evaluate().Allowed;
        }).Check(Config);
    }
}
