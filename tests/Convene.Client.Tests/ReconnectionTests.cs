using Convene.Client.Conference;
using Convene.Client.Server;
using Microsoft.AspNetCore.SignalR.Client;

namespace Convene.Client.Tests;

/// <summary>The conference client reconnects by itself and joins its groups again: after the server drops the connection, and after a silo restart.</summary>
public sealed class ReconnectionTests
{
    private static readonly TimeSpan Restart = TimeSpan.FromSeconds(120);

    private static async Task<long> RoomAsync(ConveneServerClient server, params TestUser[] members)
    {
        var gid = await server.CreateGroupAsync(new GroupSettings { Name = "Room" });
        await server.AddMembersAsync(gid, members.Select(m => m.Address));
        return gid;
    }

    private static string NewAddress(string who) => $"{who}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task After_the_server_drops_the_connection_the_client_reconnects_and_rejoins_its_group()
    {
        await using var silo = await SiloProcess.StartAsync();
        using var server = new ConveneServerClient(silo.BaseUrl, SiloProcess.AppToken);
        await using var alice = await TestUser.ConnectAsync(server, silo.BaseUrl, NewAddress("alice"));
        await using var bob = await TestUser.ConnectAsync(server, silo.BaseUrl, NewAddress("bob"));
        var gid = await RoomAsync(server, alice, bob);
        await alice.Client.JoinGroupAsync(gid);
        await bob.Client.JoinGroupAsync(gid);
        var before = alice.Client.Connection.ConnectionId;

        // A regenerated token revokes the old one and the server closes alice's connection; the client asks its
        // token provider again and reconnects with the new token.
        await alice.RegenerateTokenAsync(server);

        await alice.Reconnects.WaitAsync(_ => true, "alice's client to notice the dropped connection");
        var restored = await alice.Restores.WaitAsync(r => r.Gid == gid, "alice's client to rejoin the group", Restart);
        Assert.Equal(RestoreCause.Reconnected, restored.Cause);
        Assert.Null(restored.Error);
        Assert.Equal(gid, restored.Join!.Gid);
        Assert.Equal(HubConnectionState.Connected, alice.Client.State);
        Assert.NotEqual(before, alice.Client.Connection.ConnectionId);
        // Rejoined on the server too: a group message reaches the new connection.
        var id = await bob.Client.SendGroupMessageAsync(gid, "are you back?");
        await alice.Messages.WaitAsync(m => m.Id == id, "alice's new connection to get bob's group message");
    }

    [Fact]
    public async Task After_a_silo_restart_the_client_reconnects_and_rejoins_its_group()
    {
        await using var silo = await SiloProcess.StartAsync();
        using var server = new ConveneServerClient(silo.BaseUrl, SiloProcess.AppToken);
        await using var alice = await TestUser.ConnectAsync(server, silo.BaseUrl, NewAddress("alice"));
        var bobAddress = NewAddress("bob");
        var bobToken = await server.AddUserAsync(bobAddress);
        var gid = await server.CreateGroupAsync(new GroupSettings { Name = "Room" });
        await server.AddMembersAsync(gid, [alice.Address, bobAddress]);
        await alice.Client.JoinGroupAsync(gid);

        await silo.KillAsync();
        await alice.Reconnects.WaitAsync(_ => true, "alice's client to notice the silo is gone");
        await silo.RestartAsync();

        var restored = await alice.Restores.WaitAsync(r => r.Gid == gid, "alice's client to rejoin the group on the restarted silo", Restart);
        Assert.Null(restored.Error);
        Assert.Equal(RestoreCause.Reconnected, restored.Cause);
        await using var bob = await ConferenceClient.ConnectAsync(silo.BaseUrl, bobToken.Token);
        await bob.JoinGroupAsync(gid);
        await bob.PublishAsync(gid, new PublishRequest(0, "camera", "Bob", Audio: true, Video: false));
        await alice.Publishers.WaitAsync(p => p.Joined && p.Participant.Address == bobAddress, "alice (rejoined) to see bob's stream on the restarted silo");
        var id = await bob.SendGroupMessageAsync(gid, "after the restart");
        await alice.Messages.WaitAsync(m => m.Id == id, "alice (rejoined) to get bob's message on the restarted silo");
    }
}
