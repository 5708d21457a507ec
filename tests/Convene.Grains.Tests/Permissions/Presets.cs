using Convene.Grains.Groups;
using Convene.Grains.Permissions;

namespace Convene.Grains.Tests.Permissions;

/// <summary>The room presets of room-permissions.md, as group settings.</summary>
internal static class Presets
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static GroupSettings Group(GroupFlags flags) => new()
    {
        Name = "room",
        Flags = flags,
        ValidFrom = Now.AddHours(-1),
        ExpiresAt = Now.AddDays(365),
    };

    /// <summary>Conference: members publish, view and list (all "Members").</summary>
    public static GroupSettings Conference => Group(GroupFlags.None);

    /// <summary>Open webinar: selected publish, anyone views and lists.</summary>
    public static GroupSettings OpenWebinar => Group(GroupFlags.SelectedCanPublish | GroupFlags.AnyoneCanSubscribe | GroupFlags.AnyoneCanList);

    /// <summary>Members-only webinar: selected publish, members view and list.</summary>
    public static GroupSettings MembersOnlyWebinar => Group(GroupFlags.SelectedCanPublish);

    /// <summary>Classroom: only selected (the teachers) publish; students are members with canpub=0.</summary>
    public static GroupSettings Classroom => Group(GroupFlags.SelectedCanPublish);

    public static MemberInfo Member(string address, bool pub = true, bool sub = true, bool list = true, bool send = true, bool recv = true, AdminRights admin = AdminRights.None) =>
        new(address, new MemberPermissions(send, recv, pub, sub, list), admin);
}
