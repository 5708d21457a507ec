using System.Globalization;
using System.Text.Json.Nodes;
using Convene.Grains;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Users;

namespace Convene.Gateway.Apis;

/// <summary>
/// Runs the backend API's operations (already authenticated as the backend) against the grains.
/// Stateless: everything it knows is in the grains.
/// </summary>
internal sealed class BackendOperations(IGrainFactory grains)
{
    /// <summary>The operations by name.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "useradd", "userdel", "groupadd", "groupset", "groupdel", "groupeditmembers", "groupgetmembers", "groupget",
    };

    /// <summary>Runs one request; <paramref name="lenient"/> for the query-string form.</summary>
    public async Task<ApiResponse> ExecuteAsync(JsonObject root, bool lenient)
    {
        var r = new FieldReader(lenient);
        string? op = null;
        try
        {
            op = r.String(root, "op", "op") ?? throw new ApiInputException("op is required", code: ApiErrorCodes.BadOp);
            if (!Names.Contains(op))
            {
                throw new ApiInputException($"op '{FieldReader.Shorten(op)}' is unknown; expected one of {string.Join(", ", Names)}", code: ApiErrorCodes.BadOp);
            }
            return op switch
            {
                "useradd" => await UserAddAsync(root, r),
                "userdel" => await UserDelAsync(root, r),
                "groupadd" => await GroupAddAsync(root, r),
                "groupset" => await GroupSetAsync(root, r),
                "groupdel" => await GroupDelAsync(root, r),
                "groupeditmembers" => await GroupEditMembersAsync(root, r),
                "groupgetmembers" => await GroupGetMembersAsync(root, r),
                _ => await GroupGetAsync(root, r),
            };
        }
        catch (ApiInputException e)
        {
            return ApiResponse.Error(e.StatusCode, e.Message, op is not null && Names.Contains(op) ? op : null, e.Code);
        }
    }

    private async Task<ApiResponse> UserAddAsync(JsonObject root, FieldReader r)
    {
        var (address, profile) = OperationParser.UserAdd(root, r);
        var issued = await grains.GetGrain<IUserGrain>(address).AddAsync(profile);
        var user = new JsonObject { ["address"] = issued.Address, ["token"] = issued.Token, ["created"] = issued.Created };
        if (issued.ExpiresAt is { } at)
        {
            user["expiry"] = at.ToString("o");
        }
        return ApiResponse.Ok("useradd", new JsonObject { ["user"] = user });
    }

    private async Task<ApiResponse> UserDelAsync(JsonObject root, FieldReader r)
    {
        var address = OperationParser.UserDel(root, r);
        if (!await grains.GetGrain<IUserGrain>(address).DeleteAsync())
        {
            throw new ApiInputException($"user '{address}' does not exist", StatusCodes.Status404NotFound, ApiErrorCodes.NoUser);
        }
        return ApiResponse.Ok("userdel", new JsonObject { ["user"] = new JsonObject { ["address"] = address } });
    }

    private async Task<ApiResponse> GroupAddAsync(JsonObject root, FieldReader r)
    {
        var group = r.Object(root, "group", "group") ?? new JsonObject();
        if (group["gid"] is not null)
        {
            throw new ApiInputException("group.gid must not be given to groupadd: the server allocates it");
        }
        var change = OperationParser.GroupChange(group, r);
        if (change.Members is { Remove: true })
        {
            throw new ApiInputException("group.members.remove must be false in groupadd");
        }
        // Validated completely before a gid is allocated: a refused request changes nothing.
        var gid = await grains.GetGrain<IGroupIdAllocatorGrain>(IGroupIdAllocatorGrain.Key).NextAsync();
        var result = await Group(gid).CreateAsync(change);
        return Answer("groupadd", result);
    }

    private async Task<ApiResponse> GroupSetAsync(JsonObject root, FieldReader r)
    {
        var group = OperationParser.GroupObject(root, r);
        var gid = OperationParser.Gid(group, r);
        var change = OperationParser.GroupChange(group, r);
        return Answer("groupset", await Group(gid).UpdateAsync(Actor.Backend, change));
    }

    private async Task<ApiResponse> GroupDelAsync(JsonObject root, FieldReader r)
    {
        var group = OperationParser.GroupObject(root, r);
        var gid = OperationParser.Gid(group, r);
        return Answer("groupdel", await Group(gid).DeleteAsync(Actor.Backend));
    }

    private async Task<ApiResponse> GroupEditMembersAsync(JsonObject root, FieldReader r)
    {
        var group = OperationParser.GroupObject(root, r);
        var gid = OperationParser.Gid(group, r);
        var type = (int?)r.Integer(group, "type", "group.type", 0, int.MaxValue);
        var members = r.Object(group, "members", "group.members") ?? throw new ApiInputException("group.members is required");
        var change = OperationParser.Members(members, r, type, required: true)!;
        return Answer("groupeditmembers", await Group(gid).EditMembersAsync(Actor.Backend, change));
    }

    private async Task<ApiResponse> GroupGetMembersAsync(JsonObject root, FieldReader r)
    {
        var group = OperationParser.GroupObject(root, r);
        var gid = OperationParser.Gid(group, r);
        var count = (int)(r.Integer(root, "count", "count", 1, Limits.MaxPageSize) ?? 100);
        var offset = (int)(r.Integer(root, "offset", "offset", 0, int.MaxValue) ?? 0);
        var page = await Group(gid).GetMembersAsync(Actor.Backend, offset, count);
        if (page.Value is not { } value)
        {
            return Fail("groupgetmembers", page.Status, page.Error);
        }
        var members = new JsonArray();
        foreach (var m in value.Members)
        {
            members.Add(GroupJson.Member(m));
        }
        return ApiResponse.Ok("groupgetmembers", new JsonObject
        {
            ["group"] = new JsonObject { ["gid"] = gid, ["total"] = value.Total, ["offset"] = value.Offset, ["count"] = value.Members.Length },
            ["members"] = members,
        });
    }

    private async Task<ApiResponse> GroupGetAsync(JsonObject root, FieldReader r)
    {
        var group = OperationParser.GroupObject(root, r);
        var gid = OperationParser.Gid(group, r);
        var info = await Group(gid).GetAsync(Actor.Backend);
        return info.Value is { } value
            ? ApiResponse.Ok("groupget", new JsonObject { ["group"] = GroupJson.Group(value) })
            : Fail("groupget", info.Status, info.Error);
    }

    private IGroupGrain Group(long gid) => grains.GetGrain<IGroupGrain>(gid);

    private static ApiResponse Answer(string op, GroupResult result) => result.IsOk
        ? ApiResponse.Ok(op, new JsonObject { ["group"] = new JsonObject { ["gid"] = result.Gid } })
        : Fail(op, result.Status, result.Error);

    private static ApiResponse Fail(string op, GroupStatus status, string? error) => ApiResponse.Error(
        status switch
        {
            GroupStatus.NotFound => StatusCodes.Status404NotFound,
            GroupStatus.Forbidden => StatusCodes.Status403Forbidden,
            GroupStatus.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        },
        status == GroupStatus.NotFound ? "group.gid: no such group" : error ?? status.ToString(),
        op,
        status switch
        {
            GroupStatus.NotFound => ApiErrorCodes.NoGroup,
            GroupStatus.Forbidden => ApiErrorCodes.Denied,
            GroupStatus.Conflict => ApiErrorCodes.Conflict,
            _ => ApiErrorCodes.BadField,
        });
}
