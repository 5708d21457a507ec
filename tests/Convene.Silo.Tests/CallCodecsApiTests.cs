using System.Net;
using System.Text.Json.Nodes;

namespace Convene.Silo.Tests;

/// <summary><c>group.call.codecs</c> through the backend API: set, read back normalised, bad values refused by name.</summary>
public sealed class CallCodecsApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly ApiClient _api = fixture.Api;

    private static JsonObject Set(long gid, JsonNode codecs) => new()
    {
        ["op"] = "groupset",
        ["group"] = new JsonObject { ["gid"] = gid, ["call"] = new JsonObject { ["codecs"] = codecs } },
    };

    [Fact]
    public async Task Codecs_default_to_vp8_first_are_set_normalised_and_bad_ones_are_refused()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "codecs" });
        Assert.Equal("vp8,vp9,h264,av1", (string?)(await _api.GroupGetAsync(gid))["call"]?["codecs"]);

        var ok = await _api.OpAsync(Set(gid, " AV1,h264 "));
        Assert.True(ok.Status == HttpStatusCode.OK, ok.Body.ToJsonString());
        Assert.Equal("av1,h264", (string?)(await _api.GroupGetAsync(gid))["call"]?["codecs"]);

        foreach (var (value, mentions) in new (JsonNode, string)[] { (5, "group.call.codecs"), ("vp8,h265", "unknown video codec 'h265'"), ("", "empty") })
        {
            var (status, body) = await _api.OpAsync(Set(gid, value));
            Assert.True(status == HttpStatusCode.BadRequest, $"{value.ToJsonString()}: expected 400, got {(int)status}: {body.ToJsonString()}");
            Assert.False(body["result"]!.GetValue<bool>());
            Assert.Contains(mentions, body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal("av1,h264", (string?)(await _api.GroupGetAsync(gid))["call"]?["codecs"]);
    }
}
