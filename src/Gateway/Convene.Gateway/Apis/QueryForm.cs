using System.Text.Json.Nodes;

namespace Convene.Gateway.Apis;

/// <summary>
/// The spec's query-string form (<c>?op=groupeditmembers&amp;token=…&amp;gid=…&amp;m=a,b&amp;canpub=1&amp;delete=0</c>)
/// turned into the JSON request it abbreviates, so both forms go through one parser.
/// </summary>
internal static class QueryForm
{
    /// <summary>The JSON request equivalent to the query parameters.</summary>
    public static JsonObject ToRequest(IQueryCollection query) => ToRequest(name => query.TryGetValue(name, out var v) ? v.ToString() : null);

    /// <summary>The JSON request equivalent to form fields (<c>application/x-www-form-urlencoded</c>, as PHP clients post).</summary>
    public static JsonObject ToRequest(IFormCollection form) => ToRequest(name => form.TryGetValue(name, out var v) ? v.ToString() : null);

    private static JsonObject ToRequest(Func<string, string?> Q)
    {
        var root = new JsonObject();
        void Set(JsonObject o, string name, string? value)
        {
            if (value is not null)
            {
                o[name] = value;
            }
        }
        var op = Q("op");
        Set(root, "op", op);
        Set(root, "token", Q("token"));
        Set(root, "count", Q("count"));
        Set(root, "offset", Q("offset"));

        if (op is "useradd" or "userdel")
        {
            var user = new JsonObject();
            Set(user, "address", Q("addr") ?? Q("address"));
            Set(user, "name", Q("name"));
            if (Q("expiry") is { } expiry)
            {
                user["token"] = new JsonObject { ["expiry"] = expiry };
            }
            root["user"] = user;
            return root;
        }

        var group = new JsonObject();
        Set(group, "gid", Q("gid"));
        Set(group, "name", Q("name"));
        Set(group, "flags", Q("flags") ?? Q("flag"));
        Set(group, "active", Q("active"));
        Set(group, "type", Q("type"));
        if (Q("m") is { } m)
        {
            var members = new JsonObject { ["m"] = m };
            Set(members, "remove", Q("delete") ?? Q("remove"));
            var permissions = new JsonObject();
            Set(permissions, "send", Q("cansend"));
            Set(permissions, "recv", Q("canrecv"));
            Set(permissions, "pub", Q("canpub"));
            Set(permissions, "sub", Q("cansub"));
            Set(permissions, "list", Q("canlist"));
            if (permissions.Count > 0)
            {
                members["permissions"] = permissions;
            }
            group["members"] = members;
        }
        if (group.Count > 0)
        {
            root["group"] = group;
        }
        return root;
    }
}
