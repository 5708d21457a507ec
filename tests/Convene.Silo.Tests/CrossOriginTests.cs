using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Convene.Silo.Tests;

/// <summary>
/// <c>Convene:Cors:Origins</c>: CORS headers for allowed origins on the SDK, the hub and the backend API; the hub
/// refuses other origins (negotiate and WebSocket alike); the former key is an alias; a bad origin stops the start.
/// </summary>
public sealed class CrossOriginTests
{
    private const string Allowed = "http://app.example:5000";
    private const string Other = "http://evil.example";

    private static ConveneApp App(string key = "Convene:Cors:Origins", string value = Allowed) =>
        new(settings: new Dictionary<string, string> { [key] = value });

    private static async Task<string> UserTokenAsync(ApiClient api, string address)
    {
        var (status, body) = await api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject { ["address"] = address } });
        Assert.True(status == HttpStatusCode.OK, $"useradd answered {(int)status}: {body.ToJsonString()}");
        return body["user"]!["token"]!.GetValue<string>();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string origin, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        configure?.Invoke(request);
        return await http.SendAsync(request);
    }

    private static string? AllowOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task An_allowed_origin_gets_cors_headers_on_the_sdk_the_hub_and_the_rest_api()
    {
        await using var app = App();
        using var http = app.CreateClient();
        var token = await UserTokenAsync(new ApiClient(http), "cors-a");

        using var sdk = await SendAsync(http, HttpMethod.Get, "/sdk/convene.js", Allowed);
        using var preflight = await SendAsync(http, HttpMethod.Options, "/hub/negotiate?negotiateVersion=1", Allowed, r =>
        {
            r.Headers.Add("Access-Control-Request-Method", "POST");
            r.Headers.Add("Access-Control-Request-Headers", "authorization,x-requested-with,x-signalr-user-agent");
        });
        using var negotiate = await SendAsync(http, HttpMethod.Post, "/hub/negotiate?negotiateVersion=1", Allowed,
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token));
        using var rest = await SendAsync(http, HttpMethod.Get, "/v1/groups/1", Allowed,
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ConveneApp.AppToken));

        Assert.Equal(HttpStatusCode.OK, sdk.StatusCode);
        Assert.Equal(Allowed, AllowOrigin(sdk));
        Assert.True(preflight.IsSuccessStatusCode, $"preflight answered {(int)preflight.StatusCode}");
        Assert.Equal(Allowed, AllowOrigin(preflight));
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.Equal(Allowed, AllowOrigin(negotiate));
        Assert.Equal("true", negotiate.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal(Allowed, AllowOrigin(rest));
    }

    [Fact]
    public async Task Another_origin_gets_no_cors_headers_and_the_hub_refuses_it_even_over_a_websocket()
    {
        await using var app = App();
        using var http = app.CreateClient();
        var token = await UserTokenAsync(new ApiClient(http), "cors-b");

        using var sdk = await SendAsync(http, HttpMethod.Get, "/sdk/convene.js", Other);
        using var negotiate = await SendAsync(http, HttpMethod.Post, "/hub/negotiate?negotiateVersion=1", Other,
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token));
        using var own = await SendAsync(http, HttpMethod.Post, "/hub/negotiate?negotiateVersion=1", "http://localhost",
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token));

        Assert.Null(AllowOrigin(sdk));
        Assert.Equal(HttpStatusCode.Forbidden, negotiate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode); // the silo's own origin needs no configuration

        var ws = app.Server.CreateWebSocketClient();
        ws.ConfigureRequest = r => r.Headers.Origin = Other;
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ws.ConnectAsync(new Uri(app.Server.BaseAddress, $"hub?access_token={token}"), CancellationToken.None));
        Assert.Contains("403", refused.Message);

        var allowed = app.Server.CreateWebSocketClient();
        allowed.ConfigureRequest = r => r.Headers.Origin = Allowed;
        using var socket = await allowed.ConnectAsync(new Uri(app.Server.BaseAddress, $"hub?access_token={token}"), CancellationToken.None);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task The_former_hub_key_is_an_alias()
    {
        await using var app = App("Convene:Hub:AllowedOrigins", Allowed);
        using var http = app.CreateClient();

        using var sdk = await SendAsync(http, HttpMethod.Get, "/sdk/convene.js", Allowed);

        Assert.Equal(Allowed, AllowOrigin(sdk));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("app.example.com")]
    [InlineData("https://app.example.com/path")]
    public async Task A_value_that_is_not_an_origin_stops_the_start_naming_the_key(string value)
    {
        await using var app = App(value: value);

        var e = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Convene:Cors:Origins", e.Message);
    }
}
