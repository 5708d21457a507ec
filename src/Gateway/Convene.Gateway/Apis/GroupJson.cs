using System.Text.Json.Nodes;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;

namespace Convene.Gateway.Apis;

/// <summary>Groups and members in the backend API's field names.</summary>
internal static class GroupJson
{
    /// <summary>A group: gid, name, flags, active, permissions, validity, call, per-type permissions, member count.</summary>
    public static JsonObject Group(GroupInfo info)
    {
        var s = info.Settings;
        var types = new JsonArray();
        foreach (var rule in s.MessageTypes)
        {
            types.Add(new JsonObject { ["type"] = rule.Type, ["send"] = (int)rule.Send, ["recv"] = (int)rule.Receive });
        }
        return new JsonObject
        {
            ["gid"] = info.Gid,
            ["name"] = s.Name,
            ["flags"] = (uint)s.Flags,
            ["active"] = s.Active,
            ["permissions"] = new JsonObject
            {
                ["send"] = (int)s.Flags.AudienceOf(Capability.Send),
                ["recv"] = (int)s.Flags.AudienceOf(Capability.Receive),
                ["pub"] = (int)s.Flags.AudienceOf(Capability.Publish),
                ["sub"] = (int)s.Flags.AudienceOf(Capability.Subscribe),
                ["list"] = (int)s.Flags.AudienceOf(Capability.List),
            },
            ["validity"] = new JsonObject
            {
                ["start"] = s.ValidFrom.ToString("o"),
                ["expiry"] = s.ExpiresAt.ToString("o"),
                ["expiryext"] = s.ExpiryExtensionSeconds,
            },
            ["call"] = new JsonObject
            {
                ["flags"] = s.Call.Flags,
                ["resolution"] = s.Call.Resolution,
                ["maxdur"] = s.Call.MaxDuration,
                ["audio"] = s.Call.Audio,
                ["video"] = s.Call.Video,
                ["screen"] = s.Call.ScreenSharing,
                ["simulcast"] = s.Call.Simulcast,
                ["bitrate"] = s.Call.Bitrate,
                ["codecs"] = s.Call.Codecs,
            },
            ["types"] = types,
            ["members"] = info.MemberCount,
        };
    }

    /// <summary>A member: address, permissions, admin rights (and per-type permissions if any).</summary>
    public static JsonObject Member(MemberInfo m)
    {
        var o = new JsonObject
        {
            ["address"] = m.Address,
            ["permissions"] = new JsonObject
            {
                ["send"] = m.Permissions.Send,
                ["recv"] = m.Permissions.Recv,
                ["pub"] = m.Permissions.Pub,
                ["sub"] = m.Permissions.Sub,
                ["list"] = m.Permissions.List,
            },
            ["admin"] = new JsonObject
            {
                ["owner"] = m.Admin.HasFlag(AdminRights.Owner),
                ["admin"] = m.Admin.HasFlag(AdminRights.Admin),
                ["modify"] = m.Admin.HasFlag(AdminRights.Modify),
                ["remove"] = m.Admin.HasFlag(AdminRights.Remove),
                ["adduser"] = m.Admin.HasFlag(AdminRights.AddUser),
                ["remuser"] = m.Admin.HasFlag(AdminRights.RemUser),
                ["addadmin"] = m.Admin.HasFlag(AdminRights.AddAdmin),
                ["remadmin"] = m.Admin.HasFlag(AdminRights.RemAdmin),
                ["remowner"] = m.Admin.HasFlag(AdminRights.RemOwner),
            },
        };
        o["call"] = new JsonObject
        {
            ["resolution"] = m.Call.Resolution ?? -1,
            ["maxheight"] = m.Call.MaxHeight,
            ["bitrate"] = m.Call.Bitrate,
            ["audio"] = m.Call.Audio,
            ["video"] = m.Call.Video,
        };
        if (m.TypePermissions.Length > 0)
        {
            var types = new JsonArray();
            foreach (var t in m.TypePermissions)
            {
                types.Add(new JsonObject { ["type"] = t.Type, ["send"] = t.Send, ["recv"] = t.Recv });
            }
            o["types"] = types;
        }
        return o;
    }
}
