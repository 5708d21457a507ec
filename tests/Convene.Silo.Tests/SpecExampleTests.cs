using System.Net;
using System.Text.Json.Nodes;
using Convene.Gateway.Auth;
using Convene.Grains.Groups;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Silo.Tests;

/// <summary>
/// Every example of backend-group-api.md, conferencing-api.md and room-permissions.md, driven over real HTTP
/// against the silo host; the resulting state is read back through the API (and permissions through the group grain).
/// </summary>
public sealed class SpecExampleTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly ApiClient _api = fixture.Api;

    private IGroupGrain Group(long gid) =>
        fixture.App.Services.GetRequiredService<IGrainFactory>().GetGrain<IGroupGrain>(gid);

    [Fact]
    public async Task Groupadd_minimal_request_answers_the_gid_in_the_spec_shape()
    {
        var (status, body) = await _api.OpAsync(new JsonObject { ["op"] = "groupadd", ["group"] = new JsonObject { ["name"] = "My Group" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["group", "op", "result"], body.Select(p => p.Key).ToArray());
        Assert.Equal(["gid"], body["group"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.True(body["group"]!["gid"]!.GetValue<long>() > 0);
        Assert.Equal("groupadd", body["op"]!.GetValue<string>());
        Assert.True(body["result"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Groupadd_full_request_sets_flags_members_permissions_and_call()
    {
        var gid = await _api.GroupAddAsync(new JsonObject
        {
            ["name"] = "group name",
            ["flags"] = 0,
            ["members"] = new JsonObject
            {
                ["m"] = "a,b,c",
                ["permissions"] = new JsonObject { ["send"] = true, ["recv"] = true, ["pub"] = true, ["sub"] = true, ["list"] = true },
            },
            ["call"] = new JsonObject { ["flags"] = 0, ["resolution"] = 1, ["maxdur"] = 0, ["default"] = true },
        });

        var group = await _api.GroupGetAsync(gid);
        var members = await _api.MembersAsync(gid);

        Assert.Equal("group name", group["name"]!.GetValue<string>());
        Assert.Equal(0u, group["flags"]!.GetValue<uint>());
        Assert.Equal(1, group["call"]!["resolution"]!.GetValue<int>());
        Assert.Equal(["a", "b", "c"], members.Keys.Order().ToArray());
        Assert.All(members.Values, m => Assert.True(m["permissions"]!["pub"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Groupadd_validity_and_active()
    {
        var before = DateTimeOffset.UtcNow;
        var gid = await _api.GroupAddAsync(new JsonObject
        {
            ["name"] = "timed",
            ["active"] = true,
            ["validity"] = new JsonObject { ["start"] = 3600, ["duration"] = 7200, ["expiryext"] = 600 },
        });

        var validity = (await _api.GroupGetAsync(gid))["validity"]!;
        var start = DateTimeOffset.Parse(validity["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var expiry = DateTimeOffset.Parse(validity["expiry"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.InRange(start - before, TimeSpan.FromSeconds(3590), TimeSpan.FromSeconds(3700));
        Assert.Equal(TimeSpan.FromSeconds(7200), expiry - start);
        Assert.Equal(600, validity["expiryext"]!.GetValue<long>());
    }

    [Fact]
    public async Task Groupadd_default_validity_is_one_year()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "year" });

        var validity = (await _api.GroupGetAsync(gid))["validity"]!;
        var start = DateTimeOffset.Parse(validity["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var expiry = DateTimeOffset.Parse(validity["expiry"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(TimeSpan.FromDays(365), expiry - start);
    }

    [Fact]
    public async Task Groupset_edits_the_group_and_answers_like_groupadd()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "old" });

        var (status, body) = await _api.OpAsync(new JsonObject { ["op"] = "groupset", ["group"] = new JsonObject { ["gid"] = gid, ["name"] = "My Group" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(gid, body["group"]!["gid"]!.GetValue<long>());
        Assert.Equal("groupset", body["op"]!.GetValue<string>());
        Assert.True(body["result"]!.GetValue<bool>());
        Assert.Equal("My Group", (await _api.GroupGetAsync(gid))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Groupset_permissions_object_is_the_flag_bits()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "perm" });

        await _api.OpAsync(new JsonObject
        {
            ["op"] = "groupset",
            ["group"] = new JsonObject { ["gid"] = gid, ["permissions"] = new JsonObject { ["send"] = 1, ["recv"] = 2, ["pub"] = 1, ["sub"] = 2, ["list"] = 2 } },
        });

        var group = await _api.GroupGetAsync(gid);
        Assert.Equal(0x1u | 0x20 | 0x100 | 0x2000 | 0x20000, group["flags"]!.GetValue<uint>());
        Assert.Equal(1, group["permissions"]!["pub"]!.GetValue<int>());
    }

    [Fact]
    public async Task Groupdel_deletes_and_answers_like_groupadd()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "bye" });

        var (status, body) = await _api.OpAsync(new JsonObject { ["op"] = "groupdel", ["group"] = new JsonObject { ["gid"] = gid } });
        var (after, _) = await _api.OpAsync(new JsonObject { ["op"] = "groupget", ["group"] = new JsonObject { ["gid"] = gid } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(gid, body["group"]!["gid"]!.GetValue<long>());
        Assert.Equal("groupdel", body["op"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, after);
        Assert.True(await _api.GroupAddAsync(new JsonObject { ["name"] = "next" }) > gid, "a gid is never reused");
    }

    [Fact]
    public async Task Groupeditmembers_adds_with_permissions_and_admin_rights_then_removes()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "edit" });

        var (added, addBody) = await _api.OpAsync(new JsonObject
        {
            ["op"] = "groupeditmembers",
            ["group"] = new JsonObject
            {
                ["gid"] = gid,
                ["members"] = new JsonObject
                {
                    ["m"] = "owner1,mod1",
                    ["permissions"] = new JsonObject { ["send"] = true, ["recv"] = true, ["pub"] = false, ["sub"] = true, ["list"] = true },
                    ["admin"] = new JsonObject { ["owner"] = false, ["admin"] = true, ["modify"] = true, ["remove"] = false, ["adduser"] = true, ["remuser"] = true, ["addadmin"] = false, ["remadmin"] = false, ["remowner"] = false },
                },
            },
        });
        var members = await _api.MembersAsync(gid);
        var (removed, _) = await _api.OpAsync(new JsonObject
        {
            ["op"] = "groupeditmembers",
            ["group"] = new JsonObject { ["gid"] = gid, ["members"] = new JsonObject { ["m"] = "mod1", ["remove"] = true } },
        });

        Assert.Equal(HttpStatusCode.OK, added);
        Assert.Equal("groupeditmembers", addBody["op"]!.GetValue<string>());
        Assert.Equal(gid, addBody["group"]!["gid"]!.GetValue<long>());
        Assert.False(members["owner1"]["permissions"]!["pub"]!.GetValue<bool>());
        Assert.True(members["mod1"]["admin"]!["adduser"]!.GetValue<bool>());
        Assert.True(members["mod1"]["admin"]!["admin"]!.GetValue<bool>());
        Assert.False(members["mod1"]["admin"]!["remove"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, removed);
        Assert.Equal(["owner1"], (await _api.MembersAsync(gid)).Keys.ToArray());
    }

    [Fact]
    public async Task Groupgetmembers_pages_by_count()
    {
        var gid = await _api.GroupAddAsync(new JsonObject
        {
            ["name"] = "big",
            ["members"] = new JsonObject { ["m"] = string.Join(",", Enumerable.Range(0, 70).Select(i => $"u{i:00}")) },
        });

        var (status, body) = await _api.OpAsync(new JsonObject { ["op"] = "groupgetmembers", ["count"] = 50, ["group"] = new JsonObject { ["gid"] = gid } });
        var (_, next) = await _api.OpAsync(new JsonObject { ["op"] = "groupgetmembers", ["count"] = 50, ["offset"] = 50, ["group"] = new JsonObject { ["gid"] = gid } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(50, body["members"]!.AsArray().Count);
        Assert.Equal(70, body["group"]!["total"]!.GetValue<int>());
        Assert.Equal("u00", body["members"]![0]!["address"]!.GetValue<string>());
        Assert.Equal(20, next["members"]!.AsArray().Count);
        Assert.Equal("u50", next["members"]![0]!["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task Group_permissions_per_message_type()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "whiteboard", ["members"] = new JsonObject { ["m"] = "drawer,viewer" } });

        var (set, setBody) = await _api.OpAsync(new JsonObject
        {
            ["op"] = "groupset",
            ["group"] = new JsonObject { ["gid"] = gid, ["type"] = 3, ["permissions"] = new JsonObject { ["send"] = 1 } },
        });
        var (edit, editBody) = await _api.OpAsync(new JsonObject
        {
            ["op"] = "groupeditmembers",
            ["group"] = new JsonObject { ["gid"] = gid, ["type"] = 3, ["members"] = new JsonObject { ["m"] = "viewer", ["permissions"] = new JsonObject { ["send"] = false } } },
        });

        Assert.True(set == HttpStatusCode.OK, setBody.ToJsonString());
        Assert.True(edit == HttpStatusCode.OK, editBody.ToJsonString());
        var group = Group(gid);
        Assert.False((await group.CheckAsync(Grains.Permissions.Actor.User("viewer"), Grains.Permissions.Operation.SendMessage, 3)).Value!.Allowed);
        Assert.True((await group.CheckAsync(Grains.Permissions.Actor.User("viewer"), Grains.Permissions.Operation.SendMessage, 0)).Value!.Allowed);
        Assert.True((await group.CheckAsync(Grains.Permissions.Actor.User("drawer"), Grains.Permissions.Operation.SendMessage, 3)).Value!.Allowed);
    }

    [Fact]
    public async Task Conferencing_query_string_examples_create_a_room_and_add_five_participants()
    {
        var (status, body) = await _api.QueryAsync($"op=groupadd&token={ConveneApp.AppToken}&name=ConferenceGroup&flag=0");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["group", "op", "result"], body.Select(p => p.Key).ToArray());
        var gid = body["group"]!["gid"]!.GetValue<long>();

        var (editStatus, editBody) = await _api.QueryAsync(
            $"op=groupeditmembers&token={ConveneApp.AppToken}&gid={gid}&m=user0,user1,user2,user3,user4&canpub=1&cansub=1&canlist=1&delete=0");

        Assert.True(editStatus == HttpStatusCode.OK, editBody.ToJsonString());
        var members = await _api.MembersAsync(gid);
        Assert.Equal(["user0", "user1", "user2", "user3", "user4"], members.Keys.Order().ToArray());
        foreach (var address in members.Keys)
        {
            var access = (await Group(gid).GetAccessAsync(address)).Value!;
            Assert.True(access.CanPublish && access.CanSubscribe && access.CanList, $"{address} should publish, subscribe and list: {access}");
        }
        Assert.Equal("ConferenceGroup", (await _api.GroupGetAsync(gid))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_string_canpub_0_denies_publishing_and_delete_1_removes()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "q", ["flags"] = 0x100 });

        await _api.QueryAsync($"op=groupeditmembers&token={ConveneApp.AppToken}&gid={gid}&m=speaker&canpub=1&delete=0");
        await _api.QueryAsync($"op=groupeditmembers&token={ConveneApp.AppToken}&gid={gid}&m=listener,gone&canpub=0&delete=0");
        var (removed, _) = await _api.QueryAsync($"op=groupeditmembers&token={ConveneApp.AppToken}&gid={gid}&m=gone&delete=1");

        Assert.Equal(HttpStatusCode.OK, removed);
        Assert.True((await Group(gid).GetAccessAsync("speaker")).Value!.CanPublish);
        Assert.False((await Group(gid).GetAccessAsync("listener")).Value!.CanPublish);
        Assert.Equal(["listener", "speaker"], (await _api.MembersAsync(gid)).Keys.Order().ToArray());
    }

    public static TheoryData<string, uint, string, bool, bool, bool> Rooms() => new()
    {
        // preset, flags, who (member permissions via canpub), can publish, can subscribe, can list
        { "conference", 0x0, "member", true, true, true },
        { "conference", 0x0, "outsider", false, false, false },
        { "open webinar", 0x100 | 0x2000 | 0x20000, "speaker", true, true, true },
        { "open webinar", 0x100 | 0x2000 | 0x20000, "viewer", false, true, true },
        { "open webinar", 0x100 | 0x2000 | 0x20000, "outsider", false, true, true },
        { "members-only webinar", 0x100, "speaker", true, true, true },
        { "members-only webinar", 0x100, "viewer", false, true, true },
        { "members-only webinar", 0x100, "outsider", false, false, false },
        { "classroom", 0x100, "teacher", true, true, true },
        { "classroom", 0x100, "student", false, true, true },
    };

    [Theory]
    [MemberData(nameof(Rooms))]
    public async Task Room_presets_created_through_the_api_decide_as_the_spec_describes(string preset, uint flags, string who, bool pub, bool sub, bool list)
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = preset, ["flags"] = flags });
        await _api.QueryAsync($"op=groupeditmembers&token={ConveneApp.AppToken}&gid={gid}&m=member,speaker,teacher&canpub=1&cansub=1&canlist=1&delete=0");
        await _api.QueryAsync($"op=groupeditmembers&token={ConveneApp.AppToken}&gid={gid}&m=viewer,student&canpub=0&cansub=1&canlist=1&delete=0");

        var access = (await Group(gid).GetAccessAsync(who)).Value!;

        Assert.True((access.CanPublish, access.CanSubscribe, access.CanList) == (pub, sub, list),
            $"{preset}: {who} expected publish={pub} subscribe={sub} list={list}, got {access}");
    }

    [Fact]
    public async Task Classroom_teacher_enables_a_student_to_talk_dynamically()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "class", ["flags"] = 0x100 });
        await _api.QueryAsync($"op=groupeditmembers&token={ConveneApp.AppToken}&gid={gid}&m=s1&canpub=0&delete=0");
        Assert.False((await Group(gid).GetAccessAsync("s1")).Value!.CanPublish);

        await _api.QueryAsync($"op=groupeditmembers&token={ConveneApp.AppToken}&gid={gid}&m=s1&canpub=1&delete=0");

        Assert.True((await Group(gid).GetAccessAsync("s1")).Value!.CanPublish);
    }

    [Fact]
    public async Task Useradd_returns_an_access_token_and_again_regenerates_it()
    {
        var auth = fixture.App.Services.GetRequiredService<AccessTokenAuthenticator>();

        var (status, body) = await _api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject { ["address"] = "conf-user", ["name"] = "Conf" } });
        var first = body["user"]!["token"]!.GetValue<string>();
        var (_, again) = await _api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject { ["address"] = "conf-user" } });
        var second = again["user"]!["token"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("useradd", body["op"]!.GetValue<string>());
        Assert.True(body["result"]!.GetValue<bool>());
        Assert.Null(await auth.AuthenticateAsync(first));
        Assert.Equal("conf-user", await auth.AuthenticateAsync(second));
        Assert.DoesNotContain(fixture.App.Logs, l => l.Contains(first, StringComparison.Ordinal) || l.Contains(second, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Userdel_revokes_the_access_token()
    {
        var auth = fixture.App.Services.GetRequiredService<AccessTokenAuthenticator>();
        var (_, body) = await _api.QueryAsync($"op=useradd&token={ConveneApp.AppToken}&addr=leaving");
        var token = body["user"]!["token"]!.GetValue<string>();

        var (status, del) = await _api.OpAsync(new JsonObject { ["op"] = "userdel", ["user"] = new JsonObject { ["address"] = "leaving" } });
        var (again, _) = await _api.OpAsync(new JsonObject { ["op"] = "userdel", ["user"] = new JsonObject { ["address"] = "leaving" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(del["result"]!.GetValue<bool>());
        Assert.Null(await auth.AuthenticateAsync(token));
        Assert.Equal(HttpStatusCode.NotFound, again);
    }

    [Fact]
    public async Task The_query_form_also_works_as_a_post_and_as_form_fields()
    {
        using var post = await _api.Http.PostAsync($"/api?op=groupadd&token={ConveneApp.AppToken}&name=Posted&flag=256", null);
        var posted = JsonNode.Parse(await post.Content.ReadAsStringAsync())!;
        using var form = await _api.Http.PostAsync("/api", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["op"] = "groupeditmembers", ["token"] = ConveneApp.AppToken, ["gid"] = posted["group"]!["gid"]!.ToString(),
            ["m"] = "f1,f2", ["canpub"] = "0", ["delete"] = "0",
        }));

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.True(form.StatusCode == HttpStatusCode.OK, await form.Content.ReadAsStringAsync());
        var gid = posted["group"]!["gid"]!.GetValue<long>();
        Assert.Equal(256u, (await _api.GroupGetAsync(gid))["flags"]!.GetValue<uint>());
        var members = await _api.MembersAsync(gid);
        Assert.Equal(["f1", "f2"], members.Keys.ToArray());
        Assert.All(members.Values, m => Assert.False(m["permissions"]!["pub"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Groupset_takes_the_groupadd_parameters_including_members()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "set" });

        var (status, body) = await _api.OpAsync(new JsonObject
        {
            ["op"] = "groupset",
            ["group"] = new JsonObject
            {
                ["gid"] = gid,
                ["flags"] = 0x40 | 0x80,
                ["call"] = new JsonObject { ["resolution"] = 2, ["screen"] = false },
                ["members"] = new JsonObject { ["m"] = "x1,x2", ["admin"] = new JsonObject { ["owner"] = true } },
            },
        });

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var group = await _api.GroupGetAsync(gid);
        Assert.Equal(0xC0u, group["flags"]!.GetValue<uint>());
        Assert.Equal(2, group["call"]!["resolution"]!.GetValue<int>());
        Assert.False(group["call"]!["screen"]!.GetValue<bool>());
        var members = await _api.MembersAsync(gid);
        Assert.All(members.Values, m => Assert.True(m["admin"]!["owner"]!.GetValue<bool>()));
        Assert.Equal(["x1", "x2"], members.Keys.ToArray());
    }

    [Fact]
    public async Task A_json_body_posted_as_a_form_like_curl_does_is_read_as_json()
    {
        // `curl $API/api -d '{"op":...}'` sends JSON labelled application/x-www-form-urlencoded.
        using var content = new StringContent(
            "{\"op\":\"groupadd\",\"token\":\"" + ConveneApp.AppToken + "\",\"group\":{\"name\":\"curl group\"}}",
            System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await _api.Http.PostAsync("/api", content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body["result"]!.GetValue<bool>());
        Assert.True(body["group"]!["gid"]!.GetValue<long>() > 0);
    }
}
