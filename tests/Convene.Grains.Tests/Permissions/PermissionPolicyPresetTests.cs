using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using static Convene.Grains.Tests.Permissions.Presets;

namespace Convene.Grains.Tests.Permissions;

/// <summary>Table-driven tests of the permission function over the spec's room presets and flags.</summary>
public sealed class PermissionPolicyPresetTests
{
    public static TheoryData<string, string, Operation, bool> PresetCases()
    {
        var data = new TheoryData<string, string, Operation, bool>();
        // preset, who ("member", "speaker", "viewer", "teacher", "student", "outsider"), operation, expected
        foreach (var op in new[] { Operation.Publish, Operation.Subscribe, Operation.ListParticipants, Operation.SendMessage, Operation.ReceiveMessage })
        {
            data.Add("conference", "member", op, true);
            data.Add("conference", "outsider", op, false);
        }
        data.Add("open-webinar", "speaker", Operation.Publish, true);
        data.Add("open-webinar", "viewer", Operation.Publish, false);
        data.Add("open-webinar", "viewer", Operation.Subscribe, true);
        data.Add("open-webinar", "viewer", Operation.ListParticipants, true);
        data.Add("open-webinar", "outsider", Operation.Publish, false);
        data.Add("open-webinar", "outsider", Operation.Subscribe, true);
        data.Add("open-webinar", "outsider", Operation.ListParticipants, true);
        data.Add("open-webinar", "outsider", Operation.SendMessage, false);
        data.Add("members-webinar", "speaker", Operation.Publish, true);
        data.Add("members-webinar", "viewer", Operation.Publish, false);
        data.Add("members-webinar", "viewer", Operation.Subscribe, true);
        data.Add("members-webinar", "viewer", Operation.ListParticipants, true);
        data.Add("members-webinar", "outsider", Operation.Subscribe, false);
        data.Add("members-webinar", "outsider", Operation.ListParticipants, false);
        data.Add("members-webinar", "outsider", Operation.Publish, false);
        data.Add("classroom", "teacher", Operation.Publish, true);
        data.Add("classroom", "student", Operation.Publish, false);
        data.Add("classroom", "student", Operation.Subscribe, true);
        data.Add("classroom", "student", Operation.ListParticipants, true);
        data.Add("classroom", "student", Operation.SendMessage, true);
        data.Add("classroom", "outsider", Operation.Subscribe, false);
        return data;
    }

    [Theory]
    [MemberData(nameof(PresetCases))]
    public void Presets_decide_as_the_spec_describes(string preset, string who, Operation op, bool expected)
    {
        var group = preset switch
        {
            "conference" => Conference,
            "open-webinar" => OpenWebinar,
            "members-webinar" => MembersOnlyWebinar,
            "classroom" => Classroom,
            _ => throw new ArgumentException(preset),
        };
        MemberInfo? member = who switch
        {
            "member" or "speaker" or "teacher" => Member(who, pub: true),
            "viewer" or "student" => Member(who, pub: false),
            _ => null,
        };

        var result = PermissionPolicy.Evaluate(group, member, op, Actor.User(who), Now);

        Assert.True(result.Allowed == expected, $"{preset}: {who} {op}: expected {(expected ? "allowed" : "refused")}, got {result}");
    }

    [Fact]
    public void Classroom_teacher_grants_a_student_the_publish_permission_dynamically()
    {
        var student = Member("s1", pub: false);
        Assert.False(PermissionPolicy.Evaluate(Classroom, student, Operation.Publish, Actor.User("s1"), Now).Allowed);

        var raisedHand = student with { Permissions = student.Permissions with { Pub = true } };

        Assert.True(PermissionPolicy.Evaluate(Classroom, raisedHand, Operation.Publish, Actor.User("s1"), Now).Allowed);
    }

    public static TheoryData<GroupFlags, string, Operation, bool> FlagCases() => new()
    {
        // 0: normal group, only members can send
        { GroupFlags.None, "outsider", Operation.SendMessage, false },
        { GroupFlags.None, "member", Operation.SendMessage, true },
        { GroupFlags.None, "nosend", Operation.SendMessage, true },
        // 1: selected can send
        { GroupFlags.SelectedCanSend, "member", Operation.SendMessage, true },
        { GroupFlags.SelectedCanSend, "nosend", Operation.SendMessage, false },
        { GroupFlags.SelectedCanSend, "outsider", Operation.SendMessage, false },
        // 2: anyone can send (public room)
        { GroupFlags.AnyoneCanSend, "outsider", Operation.SendMessage, true },
        { GroupFlags.AnyoneCanSend | GroupFlags.SelectedCanSend, "outsider", Operation.SendMessage, true },
        // 0x10: selected receive
        { GroupFlags.SelectedCanReceive, "member", Operation.ReceiveMessage, true },
        { GroupFlags.SelectedCanReceive, "norecv", Operation.ReceiveMessage, false },
        { GroupFlags.None, "norecv", Operation.ReceiveMessage, true },
        // 0x20: round-robin is among members; outsiders never receive
        { GroupFlags.RoundRobinReceive, "member", Operation.ReceiveMessage, true },
        { GroupFlags.RoundRobinReceive, "outsider", Operation.ReceiveMessage, false },
        { GroupFlags.RoundRobinReceive | GroupFlags.SelectedCanReceive, "norecv", Operation.ReceiveMessage, false },
        // 0x40 / 0x80 do not change permissions
        { GroupFlags.DoNotStore | GroupFlags.LoopBack, "member", Operation.SendMessage, true },
        { GroupFlags.DoNotStore | GroupFlags.LoopBack, "outsider", Operation.SendMessage, false },
        // publish / subscribe / list
        { GroupFlags.SelectedCanPublish, "nopub", Operation.Publish, false },
        { GroupFlags.None, "nopub", Operation.Publish, true },
        { GroupFlags.AnyoneCanPublish, "outsider", Operation.Publish, true },
        { GroupFlags.SelectedCanSubscribe, "nosub", Operation.Subscribe, false },
        { GroupFlags.AnyoneCanSubscribe, "outsider", Operation.Subscribe, true },
        { GroupFlags.SelectedCanList, "nolist", Operation.ListParticipants, false },
        { GroupFlags.SelectedCanList, "member", Operation.ListParticipants, true },
        { GroupFlags.AnyoneCanList, "outsider", Operation.ListParticipants, true },
        { GroupFlags.None, "outsider", Operation.ListParticipants, false },
    };

    [Theory]
    [MemberData(nameof(FlagCases))]
    public void Group_flags_and_member_permissions(GroupFlags flags, string who, Operation op, bool expected)
    {
        MemberInfo? member = who switch
        {
            "outsider" => null,
            "nosend" => Member(who, send: false),
            "norecv" => Member(who, recv: false),
            "nopub" => Member(who, pub: false),
            "nosub" => Member(who, sub: false),
            "nolist" => Member(who, list: false),
            _ => Member(who),
        };

        var result = PermissionPolicy.Evaluate(Group(flags), member, op, Actor.User(who), Now);

        Assert.True(result.Allowed == expected, $"flags 0x{(uint)flags:x}: {who} {op}: expected {(expected ? "allowed" : "refused")}, got {result}");
    }

    public static TheoryData<AdminRights, Operation, bool> AdminCases() => new()
    {
        { AdminRights.None, Operation.ModifyGroup, false },
        { AdminRights.Modify, Operation.ModifyGroup, true },
        { AdminRights.Modify, Operation.DeleteGroup, false },
        { AdminRights.Remove, Operation.DeleteGroup, true },
        { AdminRights.AddUser, Operation.AddMembers, true },
        { AdminRights.AddUser, Operation.RemoveMembers, false },
        { AdminRights.RemUser, Operation.RemoveMembers, true },
        { AdminRights.AddAdmin, Operation.AddAdmins, true },
        { AdminRights.AddAdmin, Operation.AddOwners, false },
        { AdminRights.RemAdmin, Operation.RemoveAdmins, true },
        { AdminRights.RemAdmin, Operation.RemoveOwners, false },
        { AdminRights.RemOwner, Operation.RemoveOwners, true },
        { AdminRights.Admin, Operation.ModifyGroup, true },
        { AdminRights.Admin, Operation.AddMembers, true },
        { AdminRights.Admin, Operation.DeleteGroup, false },
        { AdminRights.Admin, Operation.RemoveOwners, false },
        { AdminRights.Owner, Operation.DeleteGroup, true },
        { AdminRights.Owner, Operation.AddOwners, true },
        { AdminRights.Owner, Operation.RemoveOwners, true },
    };

    [Theory]
    [MemberData(nameof(AdminCases))]
    public void Admin_rights(AdminRights rights, Operation op, bool expected)
    {
        var result = PermissionPolicy.Evaluate(Conference, Member("m", admin: rights), op, Actor.User("m"), Now);

        Assert.True(result.Allowed == expected, $"{rights} {op}: expected {(expected ? "allowed" : "refused")}, got {result}");
    }

    [Fact]
    public void Admin_operations_are_refused_to_non_members_and_allowed_to_the_backend()
    {
        Assert.False(PermissionPolicy.Evaluate(Conference, null, Operation.ModifyGroup, Actor.User("x"), Now).Allowed);
        Assert.True(PermissionPolicy.Evaluate(Conference, null, Operation.DeleteGroup, Actor.Backend, Now).Allowed);
    }

    [Fact]
    public void Validity_window_start_expiry_and_disabled_group()
    {
        var member = Member("m");
        var notYet = Conference with { ValidFrom = Now.AddMinutes(1) };
        var expired = Conference with { ExpiresAt = Now };
        var disabled = Conference with { Active = false };

        Assert.Equal("group not yet valid", PermissionPolicy.Evaluate(notYet, member, Operation.Publish, Actor.User("m"), Now).Reason);
        Assert.True(PermissionPolicy.Evaluate(notYet, null, Operation.ModifyGroup, Actor.Backend, Now).Allowed);
        Assert.False(PermissionPolicy.Evaluate(expired, member, Operation.Subscribe, Actor.User("m"), Now).Allowed);
        Assert.True(PermissionPolicy.Evaluate(expired, null, Operation.ModifyGroup, Actor.Backend, Now).Allowed, "the backend may extend an expired group");
        Assert.True(PermissionPolicy.Evaluate(expired, null, Operation.DeleteGroup, Actor.Backend, Now).Allowed, "the backend may delete an expired group");
        Assert.Equal("group expired", PermissionPolicy.Evaluate(expired, null, Operation.Publish, Actor.Backend, Now).Reason);
        Assert.False(PermissionPolicy.Evaluate(disabled, member, Operation.SendMessage, Actor.User("m"), Now).Allowed);
        Assert.True(PermissionPolicy.Evaluate(disabled, null, Operation.ModifyGroup, Actor.Backend, Now).Allowed);
    }

    [Fact]
    public void Message_type_permissions_override_the_group_send_and_receive_permissions()
    {
        const int whiteboard = 7;
        var group = Conference with { MessageTypes = [new MessageTypeRule(whiteboard, Audience.Selected, Audience.Members)] };
        var viewer = Member("v") with { TypePermissions = [new MemberTypePermission(whiteboard, Send: false, Recv: true)] };
        var drawer = Member("d");

        Assert.False(PermissionPolicy.Evaluate(group, viewer, Operation.SendMessage, Actor.User("v"), Now, whiteboard).Allowed);
        Assert.True(PermissionPolicy.Evaluate(group, viewer, Operation.ReceiveMessage, Actor.User("v"), Now, whiteboard).Allowed);
        Assert.True(PermissionPolicy.Evaluate(group, drawer, Operation.SendMessage, Actor.User("d"), Now, whiteboard).Allowed);
        Assert.True(PermissionPolicy.Evaluate(group, viewer, Operation.SendMessage, Actor.User("v"), Now, 0).Allowed);
        Assert.True(PermissionPolicy.Evaluate(group, viewer, Operation.SendMessage, Actor.User("v"), Now).Allowed);
    }

    [Theory]
    [InlineData(Capability.Send, 0, 0u)]
    [InlineData(Capability.Send, 1, 0x1u)]
    [InlineData(Capability.Send, 2, 0x2u)]
    [InlineData(Capability.Receive, 1, 0x10u)]
    [InlineData(Capability.Receive, 2, 0x20u)]
    [InlineData(Capability.Publish, 1, 0x100u)]
    [InlineData(Capability.Publish, 2, 0x200u)]
    [InlineData(Capability.Subscribe, 1, 0x1000u)]
    [InlineData(Capability.Subscribe, 2, 0x2000u)]
    [InlineData(Capability.List, 1, 0x10000u)]
    [InlineData(Capability.List, 2, 0x20000u)]
    public void Permissions_object_values_are_the_group_flag_bits(Capability capability, int value, uint expectedFlags)
    {
        var flags = GroupFlags.None.WithAudience(capability, (Audience)value);

        Assert.Equal((GroupFlags)expectedFlags, flags);
        Assert.Equal((Audience)value, flags.AudienceOf(capability));
    }

    [Fact]
    public void Known_flags_are_exactly_the_defined_bits()
    {
        Assert.Equal(GroupFlagsExtensions.Known, Enum.GetValues<GroupFlags>().Aggregate(GroupFlags.None, (a, b) => a | b));
    }
}
