using Convene.Grains.Groups;
using Convene.Grains.Hosting;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;
using Convene.Grains.Streams;
using Orleans.Hosting;
using Orleans.TestingHost;
using Xunit;

namespace Convene.Embedding.Tests;

/// <summary>
/// The test an application developer writes against Convene hosted in their own Orleans cluster (docs/testing.md):
/// a two-silo in-process cluster with Convene's grains, a room with members, a join, a published stream and the
/// publisher list.
/// </summary>
public sealed class ConferenceTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo
            .AddMemoryGrainStorage(ConveneGrainStorage.Name)
            .AddConvene());
        builder.ConfigureClient(client => client.AddConveneClient());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_member_joins_a_room_publishes_and_the_others_see_the_publisher()
    {
        var grains = _cluster.Client;
        // The application's server: a room with two members (what the backend API's groupadd does).
        var gid = await grains.GetGrain<IGroupIdAllocatorGrain>(IGroupIdAllocatorGrain.Key).NextAsync();
        var created = await grains.GetGrain<IGroupGrain>(gid).CreateAsync(new GroupChange
        {
            Name = "Standup",
            Members = new MemberChange(["alice", "bob"]),
        });
        Assert.Equal(GroupStatus.Ok, created.Status);

        // A gateway (here: the test) receives the room's events through an observer it keeps alive itself.
        var events = new RecordingObserver();
        var observer = grains.CreateObjectReference<IGroupObserver>(events);
        var room = grains.GetGrain<IRoomGrain>(gid);
        var bob = await room.JoinAsync(new RoomCaller("my-gateway", observer, "bob-connection", "bob"));
        Assert.Equal(GroupStatus.Ok, bob.Status);
        Assert.True(bob.Access!.CanList);
        var alice = new RoomCaller("my-gateway", observer, "alice-connection", "alice");
        Assert.Equal(GroupStatus.Ok, (await room.JoinAsync(alice)).Status);

        // Signalling only: no SDP offer, so no media relay is needed.
        var published = await room.PublishAsync(alice, new StreamInfo(gid, "alice", 0, "Alice", StreamSource.Camera, Audio: true, Video: true), offerSdp: null);
        Assert.Equal(GroupStatus.Ok, published.Status);

        var seen = await events.PublisherAsync(TimeSpan.FromSeconds(10));
        Assert.True(seen.Active);
        Assert.Equal("alice", seen.Stream.Address);
        Assert.Contains("bob", seen.Recipients);
        var list = await room.GetPublishersAsync(Actor.User("bob"));
        Assert.Equal(["alice"], list.Value!.Select(p => p.Address).ToArray());

        // Someone who is not a member is refused, and nothing changes.
        var stranger = await room.JoinAsync(new RoomCaller("my-gateway", observer, "mallory-connection", "mallory"));
        Assert.Equal(GroupStatus.Forbidden, stranger.Status);
        Assert.Equal(2, (await room.GetStatusAsync()).Online);
    }

    private sealed class RecordingObserver : IGroupObserver
    {
        private readonly TaskCompletionSource<PublisherEvent> _publisher = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<PublisherEvent> PublisherAsync(TimeSpan timeout) => _publisher.Task.WaitAsync(timeout);

        public Task OnPublisherAsync(PublisherEvent e, RoomSequence sequence)
        {
            _publisher.TrySetResult(e);
            return Task.CompletedTask;
        }

        public Task OnMessageAsync(GroupMessageEvent e, RoomSequence sequence) => Task.CompletedTask;

        public Task OnMemberChangedAsync(MemberChangedEvent e, RoomSequence sequence) => Task.CompletedTask;

        public Task OnGroupDeletedAsync(GroupDeletedEvent e, RoomSequence sequence) => Task.CompletedTask;

        public Task OnStreamEventAsync(StreamEvent e, RoomSequence sequence) => Task.CompletedTask;

        public Task OnMovedAsync(long gid) => Task.CompletedTask;

        public Task OnCallControlAsync(CallControlEvent e, RoomSequence sequence) => Task.CompletedTask;
    }
}
