using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using FsCheck;
using FsCheck.Fluent;

namespace Convene.Grains.Tests.Permissions;

/// <summary>A random permission question: group, the actor's membership, operation, actor, time, message type.</summary>
internal sealed record Case(GroupSettings Group, MemberInfo? Member, Operation Op, Actor Actor, DateTimeOffset Now, int? MessageType)
{
    public PermissionResult Evaluate() => PermissionPolicy.Evaluate(Group, Member, Op, Actor, Now, MessageType);

    public override string ToString() =>
        $"flags=0x{(uint)Group.Flags:x} active={Group.Active} from={Group.ValidFrom:o} expires={Group.ExpiresAt:o} types=[{string.Join(",", Group.MessageTypes)}] member={Member} op={Op} actor={Actor} now={Now:o} type={MessageType}";
}

/// <summary>FsCheck generators for the permission function.</summary>
internal static class PermissionGen
{
    private static readonly DateTimeOffset Base = Presets.Now;

    public static Gen<GroupFlags> Flags =>
        Gen.ArrayOf(Gen.Elements(Enum.GetValues<GroupFlags>())).Select(bits => bits.Aggregate(GroupFlags.None, (a, b) => a | b));

    public static Gen<MemberPermissions> MemberPermissions =>
        Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), 5).Select(b => new MemberPermissions(b[0], b[1], b[2], b[3], b[4]));

    public static Gen<AdminRights> Admin =>
        Gen.ArrayOf(Gen.Elements(Enum.GetValues<AdminRights>())).Select(bits => bits.Aggregate(AdminRights.None, (a, b) => a | b));

    public static Gen<Audience> AudienceGen => Gen.Elements(Audience.Members, Audience.Selected, Audience.Anyone);

    public static Gen<MessageTypeRule[]> Rules =>
        Gen.ArrayOf(
            from type in Gen.Choose(0, 3)
            from send in AudienceGen
            from recv in AudienceGen
            select new MessageTypeRule(type, send, recv));

    public static Gen<GroupSettings> Group =>
        from flags in Flags
        from active in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from startOffset in Gen.Choose(-100, 10)
        from length in Gen.Choose(1, 200)
        from rules in Rules
        select new GroupSettings
        {
            Name = "g",
            Flags = flags,
            Active = active,
            ValidFrom = Base.AddMinutes(startOffset),
            ExpiresAt = Base.AddMinutes(startOffset + length),
            MessageTypes = rules,
        };

    public static Gen<MemberInfo> MemberFor(string address) =>
        from permissions in MemberPermissions
        from admin in Admin
        from typePermissions in Gen.ArrayOf(
            from type in Gen.Choose(0, 3)
            from send in ArbMap.Default.GeneratorFor<bool>()
            from recv in ArbMap.Default.GeneratorFor<bool>()
            select new MemberTypePermission(type, send, recv))
        select new MemberInfo(address, permissions, admin) { TypePermissions = typePermissions };

    public static Gen<Case> Cases =>
        from settings in Group
        from isBackend in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from isMember in ArbMap.Default.GeneratorFor<bool>()
        from member in MemberFor("u")
        from op in Gen.Elements(Enum.GetValues<Operation>())
        from nowOffset in Gen.Choose(-120, 220)
        from type in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 4).Select(t => (int?)t))
        select new Case(
            settings,
            isBackend || !isMember ? null : member,
            op,
            isBackend ? Actor.Backend : Actor.User("u"),
            Base.AddMinutes(nowOffset),
            type);
}
