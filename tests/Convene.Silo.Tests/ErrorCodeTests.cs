using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Convene.Silo.Tests;

/// <summary>Every failed answer carries a stable <c>code</c> beside the message, on <c>/api</c>, <c>/api.php</c> and <c>/v1</c>.</summary>
public sealed class ErrorCodeTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly ApiClient _api = fixture.Api;

    private static void AssertCode(HttpStatusCode status, string code, (HttpStatusCode Status, JsonObject Body) answer)
    {
        Assert.True(answer.Status == status, $"expected {(int)status} {code}, got {(int)answer.Status}: {answer.Body.ToJsonString()}");
        Assert.False(answer.Body["result"]!.GetValue<bool>());
        Assert.True(answer.Body["error"]?.GetValue<string>() is { Length: > 0 }, $"a message beside the code: {answer.Body.ToJsonString()}");
        Assert.Equal(code, answer.Body["code"]?.GetValue<string>());
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> RawAsync(HttpMethod method, string path, string body, bool bearer = true) =>
        await _api.SendAsync(method, path, body, bearer);

    [Fact]
    public async Task A_repeated_key_is_400_BADJSON_not_a_server_error()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "dup" });

        AssertCode(HttpStatusCode.BadRequest, "BADJSON", await RawAsync(HttpMethod.Post, "/api",
            $$"""{"op":"groupadd","op":"groupdel","token":"{{ConveneApp.AppToken}}"}""", bearer: false));
        AssertCode(HttpStatusCode.BadRequest, "BADJSON", await RawAsync(HttpMethod.Post, "/api",
            $$$"""{"op":"groupset","token":"{{{ConveneApp.AppToken}}}","group":{"gid":{{{gid}}},"name":"a","name":"b"}}""", bearer: false));
        AssertCode(HttpStatusCode.BadRequest, "BADJSON", await RawAsync(HttpMethod.Patch, $"/v1/groups/{gid}", """{"name":"a","name":"b"}"""));
        Assert.Equal("dup", (await _api.GroupGetAsync(gid))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_kind_of_failure_has_its_code_on_the_envelope_and_on_rest()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "codes" });

        AssertCode(HttpStatusCode.Unauthorized, "AUTHFAIL", await _api.OpAsync(new JsonObject { ["op"] = "groupget", ["token"] = "wrong", ["group"] = new JsonObject { ["gid"] = gid } }));
        AssertCode(HttpStatusCode.Unauthorized, "AUTHFAIL", await _api.RestAsync(HttpMethod.Get, $"/v1/groups/{gid}", bearer: false));
        AssertCode(HttpStatusCode.BadRequest, "BADOP", await _api.OpAsync(new JsonObject { ["op"] = "groupfly" }));
        AssertCode(HttpStatusCode.BadRequest, "BADOP", await _api.OpAsync(new JsonObject { ["group"] = new JsonObject { ["gid"] = gid } }));
        AssertCode(HttpStatusCode.BadRequest, "BADFIELD", await _api.OpAsync(new JsonObject { ["op"] = "groupset", ["group"] = new JsonObject { ["gid"] = gid, ["flags"] = "x" } }));
        AssertCode(HttpStatusCode.BadRequest, "BADFIELD", await _api.RestAsync(HttpMethod.Patch, $"/v1/groups/{gid}", new JsonObject { ["active"] = "maybe" }));
        AssertCode(HttpStatusCode.BadRequest, "BADJSON", await RawAsync(HttpMethod.Post, "/v1/groups", "[1,2]"));
        AssertCode(HttpStatusCode.NotFound, "NOGROUP", await _api.OpAsync(new JsonObject { ["op"] = "groupget", ["group"] = new JsonObject { ["gid"] = gid + 1_000_000 } }));
        AssertCode(HttpStatusCode.NotFound, "NOGROUP", await _api.RestAsync(HttpMethod.Delete, $"/v1/groups/{gid + 1_000_000}"));
        AssertCode(HttpStatusCode.NotFound, "NOUSER", await _api.RestAsync(HttpMethod.Delete, "/v1/users/nobody-here"));
        AssertCode(HttpStatusCode.RequestEntityTooLarge, "TOOLARGE", await RawAsync(HttpMethod.Patch, $"/v1/groups/{gid}",
            $$"""{"name":"{{new string('x', 70_000)}}"}"""));
    }

    [Fact]
    public async Task Api_php_answers_like_api()
    {
        var (status, body) = await RawAsync(HttpMethod.Post, "/api.php",
            $$$"""{"op":"groupadd","token":"{{{ConveneApp.AppToken}}}","group":{"name":"php"}}""", bearer: false);
        Assert.True(status == HttpStatusCode.OK, $"groupadd at /api.php answered {(int)status}: {body.ToJsonString()}");
        var gid = body["group"]!["gid"]!.GetValue<long>();
        Assert.Equal("php", (await _api.GroupGetAsync(gid))["name"]!.GetValue<string>());

        // The spec's query-string form and a PHP-style form post reach the same operations.
        var (queried, members) = await _api.SendAsync(HttpMethod.Get, $"/api.php?op=groupeditmembers&token={ConveneApp.AppToken}&gid={gid}&m=p1,p2", null, bearer: false);
        Assert.True(queried == HttpStatusCode.OK, $"GET /api.php answered {(int)queried}: {members.ToJsonString()}");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["op"] = "groupdel", ["token"] = ConveneApp.AppToken, ["gid"] = gid.ToString() });
        using var posted = await _api.Http.PostAsync("/api.php", form);
        Assert.True(posted.StatusCode == HttpStatusCode.OK, $"form post to /api.php answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        AssertCode(HttpStatusCode.NotFound, "NOGROUP", await _api.OpAsync(new JsonObject { ["op"] = "groupget", ["group"] = new JsonObject { ["gid"] = gid } }));
        AssertCode(HttpStatusCode.Unauthorized, "AUTHFAIL", await RawAsync(HttpMethod.Post, "/api.php", """{"op":"groupadd","token":"nope"}""", bearer: false));
    }
}
