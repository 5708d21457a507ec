using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Convene.Grains.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver (Kestrel on a free loopback port) that records every webhook request and answers what the
/// test's <c>answer</c> function says (a status code; it may also wait, e.g. forever, to play a hanging receiver).
/// </summary>
public sealed class WebhookReceiverServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new();

    private WebhookReceiverServer(WebApplication app) => _app = app;

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<ReceivedWebhook> Requests { get; } = new();

    /// <summary>The URL to configure as a webhook receiver.</summary>
    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiverServer> StartAsync(Func<ReceivedWebhook, CancellationToken, Task<int>> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new WebhookReceiverServer(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var id = http.Request.Headers["Convene-Webhook-Id"].ToString();
            var received = new ReceivedWebhook(id, http.Request.Headers["Convene-Webhook-Timestamp"].ToString(),
                http.Request.Headers["Convene-Webhook-Signature"].ToString(), buffer.ToArray(),
                server._attempts.AddOrUpdate(id, 1, (_, n) => n + 1));
            server.Requests.Enqueue(received);
            var status = await answer(received, http.RequestAborted);
            received.Status = status;
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Url = address + "/hook";
        return server;
    }

    /// <summary>The acknowledged (2xx) requests, in arrival order.</summary>
    public ReceivedWebhook[] Acknowledged => [.. Requests.Where(r => r.Status is >= 200 and < 300)];

    /// <summary>Waits until <paramref name="condition"/> holds over the requests; fails naming what was expected and what came.</summary>
    public async Task WaitForAsync(string expected, Func<ReceivedWebhook[], bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition([.. Requests]))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Expected {expected}; the receiver got: {string.Join("; ", Requests)}");
            }
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
