using System.Text.Json.Nodes;
using Convene.Grains;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Users;

namespace Convene.Gateway.Apis;

/// <summary>Reads the spec's request objects (<c>user</c>, <c>group</c>, <c>group.members</c>, …) into grain inputs, validating each field.</summary>
internal static class OperationParser
{
    private const long MaxSeconds = 100L * 365 * 86400;

    /// <summary><c>useradd</c>: <c>user.address</c>, <c>user.name</c>, <c>user.token.expiry</c> (minutes).</summary>
    public static (string Address, UserProfile Profile) UserAdd(JsonObject root, FieldReader r)
    {
        var user = r.Object(root, "user", "user") ?? throw new ApiInputException("user is required");
        var address = r.Address(user, "address", "user.address");
        var name = r.String(user, "name", "user.name");
        if (name is { Length: > Limits.MaxNameLength })
        {
            throw new ApiInputException($"user.name is longer than {Limits.MaxNameLength} characters");
        }
        TimeSpan? lifetime = null;
        if (r.Object(user, "token", "user.token") is { } token &&
            r.Integer(token, "expiry", "user.token.expiry", 1, MaxSeconds / 60) is { } minutes)
        {
            lifetime = TimeSpan.FromMinutes(minutes);
        }
        return (address, new UserProfile(name, lifetime));
    }

    /// <summary><c>userdel</c>: <c>user.address</c>.</summary>
    public static string UserDel(JsonObject root, FieldReader r)
    {
        var user = r.Object(root, "user", "user") ?? throw new ApiInputException("user is required");
        return r.Address(user, "address", "user.address");
    }

    /// <summary>The <c>group</c> object, required.</summary>
    public static JsonObject GroupObject(JsonObject root, FieldReader r) =>
        r.Object(root, "group", "group") ?? throw new ApiInputException("group is required");

    /// <summary><c>group.gid</c>, required.</summary>
    public static long Gid(JsonObject group, FieldReader r) =>
        r.Integer(group, "gid", "group.gid", 1, long.MaxValue) ?? throw new ApiInputException("group.gid is required");

    /// <summary>The group settings of groupadd / groupset.</summary>
    public static GroupChange GroupChange(JsonObject group, FieldReader r)
    {
        var name = r.String(group, "name", "group.name");
        if (name is { Length: > Limits.MaxNameLength })
        {
            throw new ApiInputException($"group.name is longer than {Limits.MaxNameLength} characters");
        }
        var flags = r.Integer(group, "flags", "group.flags", 0, uint.MaxValue);
        if (flags is { } f && ((GroupFlags)f & ~GroupFlagsExtensions.Known) != 0)
        {
            throw new ApiInputException($"group.flags has unknown bits 0x{(uint)((GroupFlags)f & ~GroupFlagsExtensions.Known):x}");
        }
        PermissionsChange? permissions = null;
        if (r.Object(group, "permissions", "group.permissions") is { } p)
        {
            Audience? A(string field) => (Audience?)r.Integer(p, field, $"group.permissions.{field}", 0, 2);
            permissions = new PermissionsChange(A("send"), A("recv"), A("pub"), A("sub"), A("list"));
        }
        ValidityChange? validity = null;
        if (r.Object(group, "validity", "group.validity") is { } v)
        {
            validity = new ValidityChange(
                r.Integer(v, "start", "group.validity.start", 0, MaxSeconds),
                r.Integer(v, "duration", "group.validity.duration", 1, MaxSeconds),
                r.Integer(v, "expiryext", "group.validity.expiryext", 0, MaxSeconds));
        }
        CallChange? call = null;
        if (r.Object(group, "call", "group.call") is { } c)
        {
            call = new CallChange(
                r.Boolean(c, "default", "group.call.default") ?? false,
                (int?)r.Integer(c, "flags", "group.call.flags", 0, int.MaxValue),
                (int?)r.Integer(c, "resolution", "group.call.resolution", 0, 3),
                (int?)r.Integer(c, "maxdur", "group.call.maxdur", 0, int.MaxValue),
                r.Boolean(c, "audio", "group.call.audio"),
                r.Boolean(c, "video", "group.call.video"),
                r.Boolean(c, "screen", "group.call.screen"),
                r.Boolean(c, "simulcast", "group.call.simulcast"),
                (int?)r.Integer(c, "bitrate", "group.call.bitrate", 0, 1_000_000),
                r.String(c, "codecs", "group.call.codecs"));
        }
        var type = (int?)r.Integer(group, "type", "group.type", 0, int.MaxValue);
        if (type is not null && permissions is { } tp && (tp.Pub ?? tp.Sub ?? tp.List) is not null)
        {
            throw new ApiInputException("group.permissions: with group.type only send and recv can be set");
        }
        var members = r.Object(group, "members", "group.members") is { } m ? Members(m, r, type, required: false) : null;
        return new GroupChange
        {
            Name = name,
            Flags = (GroupFlags?)flags,
            Active = r.Boolean(group, "active", "group.active"),
            Permissions = permissions,
            Validity = validity,
            Call = call,
            MessageType = type,
            Members = members,
        };
    }

    /// <summary>The <c>group.members</c> object.</summary>
    public static MemberChange? Members(JsonObject members, FieldReader r, int? type, bool required)
    {
        var addresses = r.Addresses(members, "m", "group.members.m");
        if (addresses is null)
        {
            if (required)
            {
                throw new ApiInputException("group.members.m is required");
            }
            return null;
        }
        var remove = r.Boolean(members, "remove", "group.members.remove") ?? false;
        MemberPermissionsChange? permissions = null;
        if (r.Object(members, "permissions", "group.members.permissions") is { } p)
        {
            bool? B(string field) => r.Boolean(p, field, $"group.members.permissions.{field}");
            permissions = new MemberPermissionsChange(B("send"), B("recv"), B("pub"), B("sub"), B("list"));
            if (type is not null && (permissions.Pub ?? permissions.Sub ?? permissions.List) is not null)
            {
                throw new ApiInputException("group.members.permissions: with type only send and recv can be set");
            }
        }
        AdminChange? admin = null;
        if (r.Object(members, "admin", "group.members.admin") is { } a)
        {
            bool? B(string field) => r.Boolean(a, field, $"group.members.admin.{field}");
            admin = new AdminChange(B("owner"), B("admin"), B("modify"), B("remove"), B("adduser"), B("remuser"), B("addadmin"), B("remadmin"), B("remowner"));
        }
        MemberCallChange? call = null;
        if (r.Object(members, "call", "group.members.call") is { } c)
        {
            // The member's own call settings (docs/backend-api.md): they tighten group.call for these members.
            call = new MemberCallChange(
                r.Boolean(c, "default", "group.members.call.default") ?? false,
                (int?)r.Integer(c, "resolution", "group.members.call.resolution", -1, 3),
                (int?)r.Integer(c, "maxheight", "group.members.call.maxheight", 0, 4320),
                (int?)r.Integer(c, "bitrate", "group.members.call.bitrate", 0, 1_000_000),
                r.Boolean(c, "audio", "group.members.call.audio"),
                r.Boolean(c, "video", "group.members.call.video"));
        }
        return new MemberChange([.. addresses], remove, permissions, admin, type, call);
    }
}
