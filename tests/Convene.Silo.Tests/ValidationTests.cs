using System.Net;
using System.Text.Json.Nodes;

namespace Convene.Silo.Tests;

/// <summary>Bad input is answered 4xx with <c>{"result":false,"error":…}</c> naming the field, and changes nothing.</summary>
public sealed class ValidationTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly ApiClient _api = fixture.Api;

    private async Task<long> SeedAsync() => await _api.GroupAddAsync(new JsonObject
    {
        ["name"] = "seed",
        ["flags"] = 0,
        ["members"] = new JsonObject { ["m"] = "keep1,keep2" },
    });

    /// <summary>Asserts the group still has its seeded name, flags and members.</summary>
    private async Task AssertUnchangedAsync(long gid)
    {
        var group = await _api.GroupGetAsync(gid);
        Assert.Equal("seed", group["name"]!.GetValue<string>());
        Assert.Equal(0u, group["flags"]!.GetValue<uint>());
        var members = await _api.MembersAsync(gid);
        Assert.Equal(["keep1", "keep2"], members.Keys.Order().ToArray());
        Assert.All(members.Values, m => Assert.True(m["permissions"]!["pub"]!.GetValue<bool>()));
    }

    private static void AssertError(HttpStatusCode expected, (HttpStatusCode Status, JsonObject Body) answer, string mentions)
    {
        Assert.True(answer.Status == expected, $"expected {(int)expected}, got {(int)answer.Status}: {answer.Body.ToJsonString()}");
        Assert.False(answer.Body["result"]!.GetValue<bool>());
        var error = answer.Body["error"]!.GetValue<string>();
        Assert.True(error.Contains(mentions, StringComparison.Ordinal), $"the error should mention '{mentions}': {error}");
    }

    private static JsonObject Set(long gid, JsonObject fields)
    {
        fields["gid"] = gid;
        return new JsonObject { ["op"] = "groupset", ["group"] = fields };
    }

    private static JsonObject Edit(long gid, JsonObject members) =>
        new() { ["op"] = "groupeditmembers", ["group"] = new JsonObject { ["gid"] = gid, ["members"] = members } };

    [Fact]
    public async Task Missing_or_wrong_app_token_is_401_and_changes_nothing()
    {
        var gid = await SeedAsync();

        AssertError(HttpStatusCode.Unauthorized, await _api.OpAsync(Set(gid, new JsonObject { ["name"] = "x" }), withToken: false), "token");
        AssertError(HttpStatusCode.Unauthorized, await _api.OpAsync(new JsonObject { ["op"] = "groupdel", ["token"] = "wrong", ["group"] = new JsonObject { ["gid"] = gid } }), "token");
        AssertError(HttpStatusCode.Unauthorized, await _api.QueryAsync($"op=groupeditmembers&token=nope&gid={gid}&m=intruder"), "token");
        AssertError(HttpStatusCode.Unauthorized, await _api.RestAsync(HttpMethod.Delete, $"/v1/groups/{gid}", bearer: false), "token");
        await AssertUnchangedAsync(gid);
    }

    [Fact]
    public async Task Unknown_op_is_400()
    {
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["op"] = "groupexplode" }), "op");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["group"] = new JsonObject() }), "op");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["op"] = 7 }), "op");
    }

    [Fact]
    public async Task Malformed_json_and_non_object_bodies_are_400()
    {
        AssertError(HttpStatusCode.BadRequest, await _api.SendAsync(HttpMethod.Post, "/api", "{\"op\":\"groupadd\",", bearer: true), "malformed JSON");
        AssertError(HttpStatusCode.BadRequest, await _api.SendAsync(HttpMethod.Post, "/api", "[1,2]", bearer: true), "JSON object");
        AssertError(HttpStatusCode.BadRequest, await _api.SendAsync(HttpMethod.Post, "/v1/groups", "{name:", bearer: true), "malformed JSON");
    }

    [Fact]
    public async Task Wrong_types_name_the_field_and_change_nothing()
    {
        var gid = await SeedAsync();

        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Set(gid, new JsonObject { ["name"] = "x", ["flags"] = "abc" })), "group.flags");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Set(gid, new JsonObject { ["name"] = 5 })), "group.name");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Set(gid, new JsonObject { ["name"] = "x", ["flags"] = 1.5 })), "group.flags");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Set(gid, new JsonObject { ["name"] = "x", ["flags"] = 0x4 })), "group.flags");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Set(gid, new JsonObject { ["name"] = "x", ["permissions"] = new JsonObject { ["pub"] = 7 } })), "group.permissions.pub");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Set(gid, new JsonObject { ["name"] = "x", ["permissions"] = "all" })), "group.permissions");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Set(gid, new JsonObject { ["name"] = "x", ["validity"] = new JsonObject { ["duration"] = 0 } })), "group.validity.duration");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Set(gid, new JsonObject { ["name"] = "x", ["call"] = new JsonObject { ["resolution"] = 9 } })), "group.call.resolution");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Set(gid, new JsonObject { ["name"] = "x", ["active"] = "yes" })), "group.active");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Set(gid, new JsonObject { ["name"] = "x", ["members"] = new JsonObject { ["m"] = "new1", ["permissions"] = new JsonObject { ["pub"] = "no" } } })), "group.members.permissions.pub");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Edit(gid, new JsonObject { ["m"] = "keep1", ["permissions"] = new JsonObject { ["pub"] = 2 } })), "group.members.permissions.pub");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Edit(gid, new JsonObject { ["m"] = "keep1", ["admin"] = new JsonObject { ["owner"] = "true" } })), "group.members.admin.owner");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Edit(gid, new JsonObject { ["m"] = 12 })), "group.members.m");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["op"] = "groupset", ["group"] = new JsonObject { ["gid"] = "abc", ["name"] = "x" } }), "group.gid");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["op"] = "groupset", ["group"] = new JsonObject { ["name"] = "x" } }), "group.gid");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["op"] = "groupgetmembers", ["count"] = "many", ["group"] = new JsonObject { ["gid"] = gid } }), "count");
        AssertError(HttpStatusCode.BadRequest, await _api.QueryAsync($"op=groupeditmembers&token={ConveneApp.AppToken}&gid={gid}&m=keep1&canpub=maybe"), "group.members.permissions.pub");
        await AssertUnchangedAsync(gid);
    }

    [Fact]
    public async Task Bad_addresses_are_refused_and_no_member_is_added()
    {
        var gid = await SeedAsync();
        var tooLong = new string('a', 129);

        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Edit(gid, new JsonObject { ["m"] = "" })), "group.members.m");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Edit(gid, new JsonObject { ["m"] = "ok1,,ok2" })), "group.members.m");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Edit(gid, new JsonObject { ["m"] = $"ok1,{tooLong}" })), "longer than 128");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Edit(gid, new JsonObject { ["m"] = new JsonArray("ok1", "has space") })), "group.members.m");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject { ["address"] = tooLong } }), "user.address");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject { ["address"] = "" } }), "user.address");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject() }), "user.address");
        Assert.True((await _api.OpAsync(Edit(gid, new JsonObject { ["m"] = new string('b', 128) }))).Status == HttpStatusCode.OK, "128 characters is allowed");
        var members = await _api.MembersAsync(gid);
        Assert.Equal(["keep1", "keep2", new string('b', 128)], members.Keys.ToArray());
    }

    [Fact]
    public async Task More_than_1000_members_in_one_request_are_refused()
    {
        var gid = await SeedAsync();
        var many = string.Join(",", Enumerable.Range(0, 1001).Select(i => $"m{i}"));

        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(Edit(gid, new JsonObject { ["m"] = many })), "more than 1000");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["op"] = "groupadd", ["group"] = new JsonObject { ["name"] = "x", ["members"] = new JsonObject { ["m"] = many } } }), "more than 1000");
        await AssertUnchangedAsync(gid);
    }

    [Fact]
    public async Task Bodies_over_64_KiB_are_413_and_change_nothing()
    {
        var gid = await SeedAsync();
        var huge = Set(gid, new JsonObject { ["name"] = new string('n', 70 * 1024) });

        AssertError(HttpStatusCode.RequestEntityTooLarge, await _api.OpAsync(huge), "64");
        AssertError(HttpStatusCode.RequestEntityTooLarge, await _api.SendAsync(HttpMethod.Patch, $"/v1/groups/{gid}", huge["group"]!.ToJsonString(), bearer: true), "64");
        await AssertUnchangedAsync(gid);
    }

    [Fact]
    public async Task Unknown_gid_is_404()
    {
        var unknown = 987_654_321L;

        AssertError(HttpStatusCode.NotFound, await _api.OpAsync(Set(unknown, new JsonObject { ["name"] = "x" })), "gid");
        AssertError(HttpStatusCode.NotFound, await _api.OpAsync(new JsonObject { ["op"] = "groupdel", ["group"] = new JsonObject { ["gid"] = unknown } }), "gid");
        AssertError(HttpStatusCode.NotFound, await _api.OpAsync(Edit(unknown, new JsonObject { ["m"] = "a" })), "gid");
        AssertError(HttpStatusCode.NotFound, await _api.RestAsync(HttpMethod.Get, $"/v1/groups/{unknown}"), "gid");
        AssertError(HttpStatusCode.BadRequest, await _api.RestAsync(HttpMethod.Get, "/v1/groups/abc"), "gid");
    }

    [Fact]
    public async Task Groupadd_refused_for_bad_input_allocates_no_gid()
    {
        var first = await _api.GroupAddAsync(new JsonObject { ["name"] = "a" });

        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["op"] = "groupadd", ["group"] = new JsonObject { ["flags"] = -1 } }), "group.flags");
        AssertError(HttpStatusCode.BadRequest, await _api.OpAsync(new JsonObject { ["op"] = "groupadd", ["group"] = new JsonObject { ["gid"] = 5 } }), "group.gid");
        var second = await _api.GroupAddAsync(new JsonObject { ["name"] = "b" });

        Assert.Equal(first + 1, second);
    }
}
