using System.Net;
using System.Text.Json.Nodes;
using Convene.Gateway.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Silo.Tests;

/// <summary>The same operations as REST resources under /v1, with the bearer app token.</summary>
public sealed class RestApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly ApiClient _api = fixture.Api;

    [Fact]
    public async Task Users_are_created_and_deleted()
    {
        var auth = fixture.App.Services.GetRequiredService<AccessTokenAuthenticator>();

        var (created, body) = await _api.RestAsync(HttpMethod.Post, "/v1/users", new JsonObject { ["address"] = "rest-user", ["name"] = "R" });
        var token = body["user"]!["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, created);
        Assert.Equal("rest-user", await auth.AuthenticateAsync(token));

        var (deleted, _) = await _api.RestAsync(HttpMethod.Delete, "/v1/users/rest-user");
        var (again, _) = await _api.RestAsync(HttpMethod.Delete, "/v1/users/rest-user");

        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Null(await auth.AuthenticateAsync(token));
        Assert.Equal(HttpStatusCode.NotFound, again);
    }

    [Fact]
    public async Task Groups_are_created_read_patched_and_deleted()
    {
        var (created, body) = await _api.RestAsync(HttpMethod.Post, "/v1/groups", new JsonObject { ["name"] = "rest", ["flags"] = 0x100 });
        Assert.Equal(HttpStatusCode.Created, created);
        var gid = body["group"]!["gid"]!.GetValue<long>();

        var (patched, _) = await _api.RestAsync(HttpMethod.Patch, $"/v1/groups/{gid}", new JsonObject { ["name"] = "renamed", ["permissions"] = new JsonObject { ["sub"] = 2 } });
        var (read, group) = await _api.RestAsync(HttpMethod.Get, $"/v1/groups/{gid}");

        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal("renamed", group["group"]!["name"]!.GetValue<string>());
        Assert.Equal(0x100u | 0x2000, group["group"]!["flags"]!.GetValue<uint>());

        var (deleted, _) = await _api.RestAsync(HttpMethod.Delete, $"/v1/groups/{gid}");
        var (gone, _) = await _api.RestAsync(HttpMethod.Get, $"/v1/groups/{gid}");
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal(HttpStatusCode.NotFound, gone);
    }

    [Fact]
    public async Task Members_are_put_listed_with_paging_and_deleted()
    {
        var (_, body) = await _api.RestAsync(HttpMethod.Post, "/v1/groups", new JsonObject { ["name"] = "members" });
        var gid = body["group"]!["gid"]!.GetValue<long>();

        foreach (var address in new[] { "m1", "m2", "m3" })
        {
            var (put, putBody) = await _api.RestAsync(HttpMethod.Put, $"/v1/groups/{gid}/members/{address}", new JsonObject
            {
                ["permissions"] = new JsonObject { ["pub"] = address != "m2" },
                ["admin"] = new JsonObject { ["owner"] = address == "m1" },
            });
            Assert.True(put == HttpStatusCode.OK, putBody.ToJsonString());
        }
        var (deleted, _) = await _api.RestAsync(HttpMethod.Delete, $"/v1/groups/{gid}/members/m3");
        var (listed, page) = await _api.RestAsync(HttpMethod.Get, $"/v1/groups/{gid}/members?count=1&offset=1");
        var all = await _api.MembersAsync(gid);

        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Equal(2, page["group"]!["total"]!.GetValue<int>());
        Assert.Equal("m2", page["members"]![0]!["address"]!.GetValue<string>());
        Assert.False(all["m2"]["permissions"]!["pub"]!.GetValue<bool>());
        Assert.True(all["m1"]["admin"]!["owner"]!.GetValue<bool>());
        Assert.Equal(["m1", "m2"], all.Keys.ToArray());
    }

    [Fact]
    public async Task Rest_validates_like_the_operations()
    {
        var (bad, body) = await _api.RestAsync(HttpMethod.Post, "/v1/groups", new JsonObject { ["flags"] = "x" });
        var (badCount, countBody) = await _api.RestAsync(HttpMethod.Get, "/v1/groups/1/members?count=abc");
        var (longAddress, addressBody) = await _api.RestAsync(HttpMethod.Put, $"/v1/groups/1/members/{new string('z', 129)}");

        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("group.flags", body["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badCount);
        Assert.Contains("count", countBody["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, longAddress);
        Assert.Contains("128", addressBody["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route()
    {
        using var response = await _api.Http.GetAsync("/openapi/v1.json");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Equal(["/api", "/v1/users", "/v1/users/{address}", "/v1/groups", "/v1/groups/{gid}", "/v1/groups/{gid}/members", "/v1/groups/{gid}/members/{address}", "/v1/groups/{gid}/room"], paths);
        Assert.NotNull(document["paths"]!["/v1/groups/{gid}"]!["patch"]);
    }
}
