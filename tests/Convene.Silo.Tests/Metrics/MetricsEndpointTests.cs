using System.Net;
using System.Net.Http.Headers;

namespace Convene.Silo.Tests.Metrics;

/// <summary><c>/metrics</c> on the public port: Prometheus text behind the app token.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_refuse_a_scrape_without_the_app_token_or_with_a_wrong_one_and_serve_prometheus_text_with_it()
    {
        await using var app = new ConveneApp(storage: "memory");
        var client = app.CreateClient();

        var anonymous = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("app token", await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Scrape(client, "not-the-app-token")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/metrics?token={ConveneApp.AppToken}")).StatusCode);

        // A request first, so ASP.NET Core's request meter has something to show.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var scraped = "";
        await Eventually.TrueAsync(async () =>
        {
            var response = await Scrape(client, ConveneApp.AppToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            scraped = await response.Content.ReadAsStringAsync();
            return scraped.Contains("convene_media_packets", StringComparison.Ordinal) && scraped.Contains("http_server_request_duration", StringComparison.Ordinal)
                && scraped.Contains("orleans_", StringComparison.Ordinal);
        }, "Convene's media counters, Orleans' meters and ASP.NET Core's request duration in /metrics");
        Assert.Contains("convene_rooms", scraped);
        Assert.Contains("convene_media_dropped", scraped);
        Assert.Contains("# TYPE", scraped);
    }

    [Fact]
    public async Task A_public_metrics_endpoint_without_the_app_token_is_refused_at_start()
    {
        await using var app = new ConveneApp(storage: "memory", settings: new Dictionary<string, string> { ["Convene:Metrics:RequireAppToken"] = "false" });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Convene:Metrics", error.ToString());
    }

    [Fact]
    public async Task Webhook_urls_without_a_secret_are_refused_at_start()
    {
        await using var app = new ConveneApp(storage: "memory", settings: new Dictionary<string, string> { ["Convene:Webhooks:Urls:0"] = "http://127.0.0.1:9/hook" });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Convene:Webhooks:Secret", error.ToString());
    }

    private static Task<HttpResponseMessage> Scrape(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }
}
