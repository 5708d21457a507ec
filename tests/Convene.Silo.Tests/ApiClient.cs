using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Convene.Silo.Tests;

/// <summary>Calls the backend API over HTTP and reads the JSON answers.</summary>
public sealed class ApiClient(HttpClient http, string token = ConveneApp.AppToken)
{
    public HttpClient Http => http;

    /// <summary>POST /api with a JSON body (the token is added unless the body has one or <paramref name="withToken"/> is false).</summary>
    public Task<(HttpStatusCode Status, JsonObject Body)> OpAsync(JsonObject request, bool withToken = true)
    {
        if (withToken && request["token"] is null)
        {
            request["token"] = token;
        }
        return SendAsync(HttpMethod.Post, "/api", request.ToJsonString(), bearer: false);
    }

    /// <summary>GET /api?… (the spec's query-string form).</summary>
    public Task<(HttpStatusCode Status, JsonObject Body)> QueryAsync(string query) => SendAsync(HttpMethod.Get, "/api?" + query, null, bearer: false);

    /// <summary>A REST call with the bearer app token.</summary>
    public Task<(HttpStatusCode Status, JsonObject Body)> RestAsync(HttpMethod method, string path, JsonObject? body = null, bool bearer = true) =>
        SendAsync(method, path, body?.ToJsonString(), bearer);

    public async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body, bool bearer)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        if (bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"not a JSON object: {text}");
        return (response.StatusCode, json);
    }

    /// <summary>groupadd with a group object; asserts success and returns the gid.</summary>
    public async Task<long> GroupAddAsync(JsonObject group)
    {
        var (status, body) = await OpAsync(new JsonObject { ["op"] = "groupadd", ["group"] = group });
        Assert.True(status == HttpStatusCode.OK, $"groupadd answered {(int)status}: {body.ToJsonString()}");
        return body["group"]!["gid"]!.GetValue<long>();
    }

    /// <summary>groupget; asserts success and returns the group object.</summary>
    public async Task<JsonObject> GroupGetAsync(long gid)
    {
        var (status, body) = await OpAsync(new JsonObject { ["op"] = "groupget", ["group"] = new JsonObject { ["gid"] = gid } });
        Assert.True(status == HttpStatusCode.OK, $"groupget answered {(int)status}: {body.ToJsonString()}");
        return body["group"]!.AsObject();
    }

    /// <summary>groupgetmembers; asserts success and returns the members by address.</summary>
    public async Task<Dictionary<string, JsonObject>> MembersAsync(long gid)
    {
        var (status, body) = await OpAsync(new JsonObject { ["op"] = "groupgetmembers", ["count"] = 1000, ["group"] = new JsonObject { ["gid"] = gid } });
        Assert.True(status == HttpStatusCode.OK, $"groupgetmembers answered {(int)status}: {body.ToJsonString()}");
        return body["members"]!.AsArray().Select(m => m!.AsObject()).ToDictionary(m => m["address"]!.GetValue<string>());
    }
}
