using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Convene.Silo.Tests;

/// <summary>Orleans' dashboard: off by default; when on, only for the app token's holder.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task The_dashboard_is_off_unless_enabled()
    {
        await using var app = new ConveneApp();
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/dashboard/?token={ConveneApp.AppToken}");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Orleans", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task When_enabled_the_dashboard_needs_the_app_token_then_keeps_it_in_a_cookie()
    {
        await using var app = new ConveneApp();
        await using var enabled = app.WithWebHostBuilder(b => b.UseSetting("Convene:Dashboard:Enabled", "true"));
        using var client = enabled.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/dashboard/?token=wrong")).StatusCode);

        var page = await client.GetAsync($"/dashboard/?token={ConveneApp.AppToken}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Set-Cookie", page.Headers.Select(h => h.Key));

        var again = await client.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("html", again.Content.Headers.ContentType?.MediaType ?? "", StringComparison.OrdinalIgnoreCase);
    }
}
