using Convene.Gateway.Hubs;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;

namespace Convene.Gateway.Notifications;

/// <summary>Turns members, access and limits into what clients receive.</summary>
internal static class ModerationDtoMapper
{
    private static readonly (AdminRights Right, string Name)[] RightNames =
    [
        (AdminRights.Owner, "owner"), (AdminRights.Admin, "admin"), (AdminRights.Modify, "modify"), (AdminRights.Remove, "remove"),
        (AdminRights.AddUser, "adduser"), (AdminRights.RemUser, "remuser"), (AdminRights.AddAdmin, "addadmin"),
        (AdminRights.RemAdmin, "remadmin"), (AdminRights.RemOwner, "remowner"),
    ];

    public static CallLimitsDto ToDto(this CallLimits l) => new(l.Audio, l.Video, l.MaxWidth, l.MaxHeight, l.MaxBitrateKbps);

    public static MemberAccessDto ToDto(this MemberAccess a) => new(
        a.Gid, a.Address, a.IsMember, a.CanSend, a.CanReceive, a.CanPublish, a.CanSubscribe, a.CanList, Names(a.Admin), a.Limits.ToDto());

    public static MemberDto ToDto(this MemberInfo m) => new(
        m.Address,
        new MemberPermissionsDto(m.Permissions.Send, m.Permissions.Recv, m.Permissions.Pub, m.Permissions.Sub, m.Permissions.List),
        Names(m.Admin),
        new MemberCallDto(m.Call.Resolution ?? -1, m.Call.MaxHeight, m.Call.Bitrate, m.Call.Audio, m.Call.Video));

    /// <summary>The spec's names of the rights set (group.members.admin.*).</summary>
    public static string[] Names(AdminRights rights) => [.. RightNames.Where(r => (rights & r.Right) != 0).Select(r => r.Name)];
}
