using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace Convene.Silo.Tests;

/// <summary>Tokens travel in URLs (SignalR's access_token, the API's query-string token); none may reach the logs.</summary>
public sealed class SecretLoggingTests
{
    [Fact]
    public async Task Tokens_in_urls_are_not_logged_even_at_trace_level()
    {
        await using var app = new ConveneApp();
        await using var verbose = app.WithWebHostBuilder(b => b
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace"));
        using var http = verbose.CreateClient();
        var api = new ApiClient(http);
        var (status, body) = await api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject { ["address"] = "logged" } });
        Assert.Equal(HttpStatusCode.OK, status);
        var accessToken = body["user"]!["token"]!.GetValue<string>();

        var negotiate = await http.PostAsync($"/hub/negotiate?negotiateVersion=1&access_token={accessToken}", null);
        var query = await http.GetAsync($"/api?op=groupadd&token={ConveneApp.AppToken}&name=q");

        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.NotEmpty(app.Logs); // trace logging is on
        Assert.DoesNotContain(app.Logs, l => l.Contains(accessToken, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, l => l.Contains(ConveneApp.AppToken, StringComparison.Ordinal));
    }
}
