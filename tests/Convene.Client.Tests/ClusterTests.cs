using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Convene.Client.Conference;
using Convene.Client.Server;

namespace Convene.Client.Tests;

/// <summary>
/// Two silos in one cluster (Azure Table membership and storage on the Azurite of tests/services.sh): when the silo
/// a room is active on is lost, the room restarts on the other one, the gateway sends <c>OnMoved</c>, and the
/// conference client rejoins the group by itself.
/// </summary>
public sealed class ClusterTests
{
    [Fact]
    public async Task When_a_rooms_silo_is_lost_the_client_rejoins_the_moved_room()
    {
        var azure = Environment.GetEnvironmentVariable("CONVENE_TEST_AZURE")
            ?? throw new InvalidOperationException("this test needs CONVENE_TEST_AZURE (run it through ./test.sh, which starts Azurite with tests/services.sh)");
        var runId = Guid.NewGuid().ToString("N")[..10];
        Dictionary<string, string> Settings() => new()
        {
            ["Convene__Cluster__Provider"] = "azure",
            ["Convene__Storage"] = "azure",
            ["Convene__AzureStorage__ConnectionString"] = azure,
            ["Convene__AzureStorage__Container"] = $"convene-client-{runId}",
            ["Convene__Cluster__ClusterId"] = $"client-{runId}",
            ["Convene__Cluster__ServiceId"] = $"convene-client-{runId}",
            ["Convene__Cluster__SiloPort"] = SiloProcess.FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Convene__Cluster__GatewayPort"] = SiloProcess.FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Convene__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Convene__Cluster__ProbeTimeout"] = "00:00:02",
            ["Convene__Cluster__MissedProbesLimit"] = "2",
            ["Convene__Cluster__VotesForDeathDeclaration"] = "2",
        };
        await using var first = await SiloProcess.StartAsync(Settings());
        await using var second = await SiloProcess.StartAsync(Settings());
        SiloProcess[] silos = [first, second];
        await Eventually(async () => (await Task.WhenAll(silos.Select(s => s.HealthAsync()))).All(h => h?["cluster"]?["silos"]?.GetValue<int>() == 2),
            "both silos' /health to show cluster.silos == 2", TimeSpan.FromSeconds(90));
        var addresses = await Task.WhenAll(silos.Select(async s => (await s.HealthAsync())!["silo"]!.ToString()));

        using var server = new ConveneServerClient(first.BaseUrl, SiloProcess.AppToken);
        var alice = await server.AddUserAsync($"alice-{runId}");
        var bob = await server.AddUserAsync($"bob-{runId}");
        var gid = await server.CreateGroupAsync(new GroupSettings { Name = "Moving room" });
        await server.AddMembersAsync(gid, [alice.Address, bob.Address]);
        // The room activates where Orleans places it; the clients use the other silo's gateway, and that room silo is killed.
        var roomSilo = await RoomSiloAsync(first, gid);
        var doomed = silos[Array.IndexOf(addresses, roomSilo) is var i and >= 0 ? i : throw new InvalidOperationException($"room on unknown silo {roomSilo}; silos {string.Join(", ", addresses)}")];
        var gateway = doomed == first ? second : first;

        await using var a = await ConferenceClient.ConnectAsync(gateway.BaseUrl, alice.Token);
        await using var b = await ConferenceClient.ConnectAsync(gateway.BaseUrl, bob.Token);
        var moved = new EventLog<long>();
        var restores = new EventLog<GroupRestore>();
        var messages = new EventLog<ChatMessage>();
        a.Moved += moved.Add;
        a.GroupRestored += restores.Add;
        a.MessageReceived += messages.Add;
        await a.JoinGroupAsync(gid);
        await b.JoinGroupAsync(gid);

        await doomed.KillAsync();

        await moved.WaitAsync(g => g == gid, $"OnMoved({gid}) after the room's silo was killed", TimeSpan.FromSeconds(90));
        var restored = await restores.WaitAsync(r => r.Gid == gid, "the client to rejoin the moved room", TimeSpan.FromSeconds(60));
        Assert.Equal(RestoreCause.Moved, restored.Cause);
        Assert.Null(restored.Error);
        Assert.Equal(addresses[Array.IndexOf(silos, gateway)], await RoomSiloAsync(gateway, gid));
        // Rejoined in the restarted room: bob (who rejoins too, here by hand) reaches alice there.
        await Eventually(async () =>
        {
            try
            {
                await b.JoinGroupAsync(gid);
                return true;
            }
            catch (ConferenceHubException e) when (e.Code == HubErrorCodes.Unavailable)
            {
                return false;
            }
        }, "bob to rejoin the moved room", TimeSpan.FromSeconds(60));
        var id = await b.SendGroupMessageAsync(gid, "still here?");
        await messages.WaitAsync(m => m.Id == id, "alice, rejoined by her client, to get bob's message in the moved room");
    }

    private static async Task<string> RoomSiloAsync(SiloProcess via, long gid)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(via.BaseUrl, $"/v1/groups/{gid}/room"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SiloProcess.AppToken);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (JsonNode.Parse(body)?["room"]?["silo"]?.ToString()) ?? throw new InvalidOperationException($"GET /v1/groups/{gid}/room answered {(int)response.StatusCode}: {body}");
    }

    private static async Task Eventually(Func<Task<bool>> condition, string expected, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"expected {expected} within {timeout}");
            await Task.Delay(100);
        }
    }
}
