using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Convene.Silo.Tests;

/// <summary>
/// Healthy calls leave no warning-looking line: each authentication scheme runs only where it applies (the user's
/// access token on <c>/hub</c>; the app token is checked by the backend API itself).
/// </summary>
public sealed class QuietLogTests
{
    private static bool LooksLikeAProblem(string line) =>
        line.Contains("not authenticated", StringComparison.OrdinalIgnoreCase)
        || line.Contains("revoked or expired", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("Warning ", StringComparison.Ordinal)
        || line.StartsWith("Error ", StringComparison.Ordinal)
        || line.StartsWith("Critical ", StringComparison.Ordinal);

    [Fact]
    public async Task Backend_calls_with_the_app_token_log_no_authentication_failure()
    {
        await using var app = new ConveneApp();
        using var http = app.CreateClient();
        var api = new ApiClient(http);
        var (added, _) = await api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject { ["address"] = "quiet" } });
        Assert.Equal(HttpStatusCode.OK, added);
        var before = app.Logs.Count;

        var gid = await api.GroupAddAsync(new JsonObject { ["name"] = "quiet" });
        var calls = new[]
        {
            await api.RestAsync(HttpMethod.Get, $"/v1/groups/{gid}"),
            await api.RestAsync(HttpMethod.Put, $"/v1/groups/{gid}/members/quiet", new JsonObject()),
            await api.RestAsync(HttpMethod.Get, $"/v1/groups/{gid}/members"),
            await api.SendAsync(HttpMethod.Post, "/api", new JsonObject { ["op"] = "groupget", ["group"] = new JsonObject { ["gid"] = gid } }.ToJsonString(), bearer: true),
            await api.QueryAsync($"op=groupget&token={ConveneApp.AppToken}&gid={gid}"),
        };

        Assert.All(calls, c => Assert.True(c.Status == HttpStatusCode.OK, $"a healthy call failed: {c.Body.ToJsonString()}"));
        var lines = app.Logs.Skip(before).ToArray();
        Assert.True(!lines.Any(LooksLikeAProblem), $"healthy backend calls logged: {string.Join(" | ", lines.Where(LooksLikeAProblem))}");
    }

    [Fact]
    public async Task The_hub_still_authenticates_user_tokens_and_refuses_wrong_ones()
    {
        await using var app = new ConveneApp();
        using var http = app.CreateClient();
        var api = new ApiClient(http);
        var (_, body) = await api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject { ["address"] = "hubuser" } });
        var accessToken = body["user"]!["token"]!.GetValue<string>();

        using var good = await http.PostAsync($"/hub/negotiate?negotiateVersion=1&access_token={accessToken}", null);
        using var bad = await http.PostAsync("/hub/negotiate?negotiateVersion=1&access_token=not-a-token", null);
        using var appToken = new HttpRequestMessage(HttpMethod.Post, "/hub/negotiate?negotiateVersion=1");
        appToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ConveneApp.AppToken);
        using var withAppToken = await http.SendAsync(appToken);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withAppToken.StatusCode);
    }
}
