using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Silo.Tests;

/// <summary>The generated OpenAPI document lists every <c>/v1</c> route with its schemas; the reference page is served offline.</summary>
public sealed partial class OpenApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly ApiClient _api = fixture.Api;

    private async Task<JsonObject> DocumentAsync()
    {
        using var response = await _api.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static string Ref(JsonNode? schema) => schema?["$ref"]?.GetValue<string>() ?? schema?.ToJsonString() ?? "(none)";

    [Fact]
    public async Task The_document_lists_every_v1_route_the_silo_maps()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!.AsObject();
        var mapped = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(m => $"{m.ToLowerInvariant()} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        var listed = paths.SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key} {p.Key}")).ToHashSet();

        Assert.True(mapped.Count >= 10, $"the /v1 routes: {string.Join(", ", mapped)}");
        Assert.Empty(mapped.Except(listed));
        Assert.Contains("post /api", listed);
        Assert.Equal("Convene backend API", document["info"]!["title"]!.GetValue<string>());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["appToken"]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task Routes_carry_their_request_and_answer_schemas()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!;
        var schemas = document["components"]!["schemas"]!.AsObject();

        var groupAdd = paths["/v1/groups"]!["post"]!;
        Assert.Equal("#/components/schemas/GroupRequest", Ref(groupAdd["requestBody"]!["content"]!["application/json"]!["schema"]));
        Assert.Equal("#/components/schemas/GroupAnswer", Ref(groupAdd["responses"]!["201"]!["content"]!["application/json"]!["schema"]));
        Assert.Equal("#/components/schemas/ApiError", Ref(groupAdd["responses"]!["400"]!["content"]!["application/json"]!["schema"]));
        Assert.Equal("#/components/schemas/GroupGetAnswer", Ref(paths["/v1/groups/{gid}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]));
        Assert.Equal("#/components/schemas/MemberRequest", Ref(paths["/v1/groups/{gid}/members/{address}"]!["put"]!["requestBody"]!["content"]!["application/json"]!["schema"]));
        Assert.Equal("#/components/schemas/MembersAnswer", Ref(paths["/v1/groups/{gid}/members"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]));
        Assert.Equal("#/components/schemas/UserRequest", Ref(paths["/v1/users"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]));

        var group = schemas["GroupRequest"]!["properties"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Equal(["name", "flags", "active", "type", "permissions", "validity", "call", "members"], group);
        Assert.Equal(["op", "result", "error", "code"], schemas["ApiError"]!["properties"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Contains("expiryext", schemas["ValidityRequest"]!["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Rest_answers_carry_every_field_the_envelope_does()
    {
        var gid = await _api.GroupAddAsync(new JsonObject
        {
            ["name"] = "typed",
            ["validity"] = new JsonObject { ["duration"] = 86400, ["expiryext"] = 60 },
            ["call"] = new JsonObject { ["resolution"] = 1, ["bitrate"] = 900, ["simulcast"] = true },
            ["members"] = new JsonObject { ["m"] = "t1,t2", ["admin"] = new JsonObject { ["owner"] = true } },
        });
        var (typed, _) = await _api.OpAsync(new JsonObject
        {
            ["op"] = "groupeditmembers",
            ["group"] = new JsonObject { ["gid"] = gid, ["type"] = 7, ["members"] = new JsonObject { ["m"] = "t2", ["permissions"] = new JsonObject { ["send"] = false } } },
        });
        Assert.Equal(HttpStatusCode.OK, typed);

        var (_, envelopeGroup) = await _api.OpAsync(new JsonObject { ["op"] = "groupget", ["group"] = new JsonObject { ["gid"] = gid } });
        var (restStatus, restGroup) = await _api.RestAsync(HttpMethod.Get, $"/v1/groups/{gid}");
        var (_, envelopeMembers) = await _api.OpAsync(new JsonObject { ["op"] = "groupgetmembers", ["group"] = new JsonObject { ["gid"] = gid } });
        var (_, restMembers) = await _api.RestAsync(HttpMethod.Get, $"/v1/groups/{gid}/members");

        Assert.Equal(HttpStatusCode.OK, restStatus);
        Assert.True(JsonNode.DeepEquals(envelopeGroup["group"], restGroup["group"]), $"envelope {envelopeGroup["group"]!.ToJsonString()}\nrest     {restGroup["group"]!.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(envelopeMembers["members"], restMembers["members"]), $"envelope {envelopeMembers["members"]!.ToJsonString()}\nrest     {restMembers["members"]!.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(envelopeMembers["group"], restMembers["group"]));
        Assert.Contains("\"types\"", restMembers["members"]!.ToJsonString());
    }

    [Fact]
    public async Task The_reference_page_is_served_with_its_assets_from_the_silo()
    {
        using var page = await _api.Http.GetAsync("/scalar/v1");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("openapi/v1.json", html);
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(scripts);
        Assert.DoesNotContain(scripts, s => s.StartsWith("http", StringComparison.OrdinalIgnoreCase) || s.StartsWith("//", StringComparison.Ordinal));
        foreach (var script in scripts)
        {
            using var asset = await _api.Http.GetAsync(new Uri(new Uri(_api.Http.BaseAddress!, "/scalar/v1"), script));
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{script} answered {(int)asset.StatusCode}");
            Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 1000, $"{script} is the bundle");
        }
    }

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
