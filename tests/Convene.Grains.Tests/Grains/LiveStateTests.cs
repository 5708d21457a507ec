using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Users;

namespace Convene.Grains.Tests.Grains;

/// <summary>
/// Live state (gateways, online members) survives idle collection; persisted state survives stopping every silo
/// of the cluster and starting a new one. The grain state is kept by the test process
/// (<see cref="SharedGrainStore"/>) because Orleans' memory storage lives in grains of the cluster it serves.
/// </summary>
public sealed class LiveStateTests : IAsyncLifetime
{
    private readonly SharedGrainStore _store = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = ConveneTestCluster.Create(store: _store);
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IGrainFactory Grains => _cluster.Client;

    /// <summary>Collects every idle activation on every silo, whatever its age.</summary>
    private Task CollectIdleAsync() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private bool IsActive(IAddressable grain) => _cluster.TryGetGrainContext(grain.GetGrainId(), out _);

    [Fact]
    public async Task A_room_with_registered_gateways_is_not_collected_as_idle_and_keeps_delivering()
    {
        var (gid, group) = await Grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["a", "b"]) });
        var room = Grains.Room(gid);
        var gateway = new TestGateway(_cluster.Client, "gw");
        await gateway.JoinAsync(room, "b");

        await CollectIdleAsync();

        Assert.True(IsActive(room), "the room with a registered gateway was collected");
        Assert.False(IsActive(group), "the idle group record was not collected");
        Assert.False(IsActive(Grains.GetGrain<IGroupIdAllocatorGrain>(IGroupIdAllocatorGrain.Key)), "the idle gid allocator was not collected");
        await room.SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "after collection"));

        var e = await gateway.Events.NextAsync<GroupMessageEvent>("the message for b after an idle collection", m => m.Message.Body == "after collection");
        Assert.Equal(["b"], e.Recipients);
        Assert.Equal(1, (await room.GetStatusAsync()).Connections);
    }

    [Fact]
    public async Task An_online_user_is_not_collected_as_idle()
    {
        var gateway = new TestGateway(_cluster.Client, "gw");
        var user = Grains.GetGrain<IUserGrain>("live-b");
        await user.ConnectAsync("gw", gateway.UserObserver);

        await CollectIdleAsync();

        Assert.True(IsActive(user), "the online user was collected");
        await Grains.GetGrain<IConversationGrain>(ConversationKey.For("live-a", "live-b")).SendAsync("live-a", new OutgoingMessage(0, "still online"));
        await gateway.Events.NextAsync<DirectMessageEvent>("the direct message delivered live", e => e.Message.Body == "still online");
    }

    [Fact]
    public async Task Groups_users_tokens_and_history_survive_a_restart_of_the_whole_cluster()
    {
        var grains = Grains;
        var issued = await grains.GetGrain<IUserGrain>("restart-user").AddAsync(new UserProfile("R", null));
        var (gid, group) = await grains.NewGroupAsync(new GroupChange { Name = "kept", Flags = GroupFlags.SelectedCanPublish, Members = new MemberChange(["restart-user", "b"]) });
        await group.EditMembersAsync(Actor.Backend, new MemberChange(["b"], Permissions: new MemberPermissionsChange(Pub: false)));
        await grains.Room(gid).SendMessageAsync(Actor.User("restart-user"), new OutgoingMessage(0, "remember me"));

        await _cluster.DisposeAsync();
        _cluster = ConveneTestCluster.Create(store: _store);
        await _cluster.DeployAsync();

        grains = Grains;
        var reloaded = grains.GetGrain<IGroupGrain>(gid);
        var room = grains.Room(gid);
        Assert.Equal("restart-user", await grains.GetGrain<ITokenIndexGrain>(AccessTokenHash.Of(issued.Token)).ResolveAsync());
        Assert.Equal("kept", (await reloaded.GetAsync(Actor.Backend)).Value!.Settings.Name);
        Assert.False((await reloaded.GetAccessAsync("b")).Value!.CanPublish);
        Assert.True((await reloaded.GetAccessAsync("restart-user")).Value!.CanPublish);
        Assert.Equal(["remember me"], (await room.GetHistoryAsync(Actor.Backend, null, 5)).Value!.Messages.Select(m => m.Body).ToArray());
        var gateway = new TestGateway(_cluster.Client, "gw");
        Assert.Equal(["remember me"], (await gateway.JoinAsync(room, "b")).Missed.Select(m => m.Body).ToArray());
        Assert.Equal([gid], await grains.GetGrain<IUserGrain>("b").GetGroupsAsync());
        Assert.True(await grains.GetGrain<IGroupIdAllocatorGrain>(IGroupIdAllocatorGrain.Key).NextAsync() > gid);
    }
}
