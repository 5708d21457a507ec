using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Rooms;

namespace Convene.Grains.Tests.Grains;

/// <summary>
/// A gateway node as the grains see it: an id, one observer object (held here, strongly, for as long as the test
/// holds the gateway) and its references for rooms and users.
/// </summary>
public sealed class TestGateway
{
    public TestGateway(IClusterClient client, string id)
    {
        Id = id;
        Events = new TestGroupObserver();
        Observer = client.CreateObjectReference<IGroupObserver>(Events);
        UserObserver = client.CreateObjectReference<IUserObserver>(Events);
    }

    public string Id { get; }

    /// <summary>What the grains pushed to this gateway.</summary>
    public TestGroupObserver Events { get; }

    public IGroupObserver Observer { get; }

    public IUserObserver UserObserver { get; }

    /// <summary>A call from <paramref name="address"/>'s connection at this gateway (by default one connection per user).</summary>
    public RoomCaller Caller(string address, string? connectionId = null) => new(Id, Observer, connectionId ?? $"{Id}/{address}", address);

    /// <summary>The connection id <see cref="Caller"/> uses by default.</summary>
    public string ConnectionOf(string address) => $"{Id}/{address}";

    /// <summary>Joins <paramref name="address"/> to the room and checks it was let in.</summary>
    public async Task<RoomJoin> JoinAsync(IRoomGrain room, string address, string? connectionId = null)
    {
        var joined = await room.JoinAsync(Caller(address, connectionId));
        Assert.True(joined.Status == GroupStatus.Ok, $"{address} could not join: {joined.Status} {joined.Error}");
        return joined;
    }

    /// <summary>One refresh of this gateway's registration with the room, reporting the given users' default connections.</summary>
    public Task<bool> RefreshAsync(IRoomGrain room, params string[] addresses) =>
        room.RefreshAsync(Id, Observer, [.. addresses.Select(a => new RoomPresence(ConnectionOf(a), a))]);
}
