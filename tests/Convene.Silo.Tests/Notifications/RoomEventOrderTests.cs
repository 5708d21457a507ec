using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Convene.Gateway.Notifications;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Rooms;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Silo.Tests.Notifications;

/// <summary>
/// The real silo and its gateway, a hub client on the official SignalR client: events reaching the gateway's room
/// observer out of order (through Orleans, as the room's one-way calls do) reach the client in the room's order; a gap
/// that does not fill is given up (the later events delivered, then <c>OnResync</c>), counted and logged; a new room
/// epoch starts again and the old one's late events are dropped.
/// </summary>
public sealed class RoomEventOrderTests
{
    private static readonly TimeSpan GapTimeout = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Room_events_reach_the_client_in_the_rooms_order_and_a_gap_that_does_not_fill_makes_it_resync()
    {
        await using var app = new ConveneApp(storage: "memory", settings: new Dictionary<string, string>
        {
            ["Convene:Gateways:EventGapTimeout"] = GapTimeout.ToString(),
        });
        using var http = app.CreateClient();
        var api = new ApiClient(http);
        var (_, user) = await api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject { ["address"] = "order-alice" } });
        var token = user["user"]!["token"]!.GetValue<string>();
        var gid = await api.GroupAddAsync(new JsonObject { ["name"] = "Ordered", ["members"] = new JsonObject { ["m"] = "order-alice" } });

        var received = new ConcurrentQueue<string>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, $"/hub?access_token={Uri.EscapeDataString(token)}"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        hub.On<JsonElement>("OnMessage", m => received.Enqueue(m.GetProperty("text").GetString()!));
        hub.On<long>("OnResync", g => received.Enqueue($"resync {g}"));
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinGroup", gid);

        // This node's observer of the room, called through Orleans like the room calls it.
        var observer = app.Services.GetRequiredService<GatewayNode>().Caller(gid, "test", "order-alice").Observer;
        var epoch = Guid.NewGuid();
        Task Send(Guid e, long number, string text) => observer.OnMessageAsync(
            new GroupMessageEvent(gid, ["order-alice"], new ChatMessage(number, gid, "room", null, 0, text, DateTimeOffset.UtcNow, false)),
            new RoomSequence(e, number));

        var shuffled = Enumerable.Range(1, 30).ToArray();
        new Random(3).Shuffle(shuffled);
        foreach (var n in shuffled)
        {
            await Send(epoch, n, $"n{n}");
        }
        var inOrder = Enumerable.Range(1, 30).Select(n => $"n{n}").ToList();
        await UntilAsync(received, inOrder, "n1…n30 in order although sent as " + string.Join(",", shuffled));

        // 32 is lost: 31 goes out, 33 waits for it, then goes out with a resync after the gap timeout.
        await Send(epoch, 31, "n31");
        await Send(epoch, 33, "n33");
        await UntilAsync(received, [.. inOrder, "n31", "n33", $"resync {gid}"], "n31, then n33 and OnResync once the gap was given up");
        await Send(epoch, 32, "n32"); // turns up too late: not delivered (the resync covered it)

        // The room reactivated: its numbers start at 1 again; the old activation's late events are dropped.
        var reactivated = Guid.NewGuid();
        await Send(reactivated, 2, "x2");
        await Send(reactivated, 1, "x1");
        await Send(epoch, 34, "n34");
        await Send(reactivated, 3, "x3");
        await UntilAsync(received, [.. inOrder, "n31", "n33", $"resync {gid}", "x1", "x2", "x3"], "x1, x2, x3 and nothing late of the old epoch");

        Assert.Contains(app.Logs, l => l.Contains($"Room {gid}: 1 events from #32 did not arrive within 500 ms", StringComparison.Ordinal));
        var scraped = "";
        await Eventually.TrueAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ConveneApp.AppToken);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            scraped = await response.Content.ReadAsStringAsync();
            return scraped.Contains("convene_gateway_room_events_gaps", StringComparison.Ordinal);
        }, "the gateway's gap counter in /metrics");
        Assert.Matches(@"convene_gateway_room_events_gaps_total(\{[^}]*\})? 1(\s|$)", scraped);
        Assert.Matches(@"convene_gateway_room_events_dropped_total(\{[^}]*\})? 2(\s|$)", scraped);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:02:00")]
    public async Task An_event_gap_timeout_outside_0_to_1_min_is_refused_at_start(string timeout)
    {
        await using var app = new ConveneApp(storage: "memory", settings: new Dictionary<string, string> { ["Convene:Gateways:EventGapTimeout"] = timeout });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("EventGapTimeout", error.ToString());
    }

    /// <summary>Waits until the client has received exactly <paramref name="expected"/> (a prefix that differs fails at once).</summary>
    private static async Task UntilAsync(ConcurrentQueue<string> received, IReadOnlyList<string> expected, string what)
    {
        var limit = TimeSpan.FromSeconds(20);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var seen = received.ToArray();
            var prefix = seen.Take(expected.Count).ToArray();
            Assert.True(prefix.SequenceEqual(expected.Take(prefix.Length)), $"expected {what}: [{string.Join(", ", expected)}]; received [{string.Join(", ", seen)}]");
            if (seen.Length >= expected.Count)
            {
                Assert.True(seen.Length == expected.Count, $"expected {what}: [{string.Join(", ", expected)}]; received more: [{string.Join(", ", seen)}]");
                return;
            }
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"expected {what} within {limit}: [{string.Join(", ", expected)}]; received [{string.Join(", ", seen)}]");
            }
            await Task.Delay(20);
        }
    }
}
