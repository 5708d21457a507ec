using Convene.Actors.Testing;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Users;

namespace Convene.Grains.Tests.Grains;

/// <summary>Live state (observers, online members) survives idle collection; persisted state survives a silo restart.</summary>
public sealed class LiveStateTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new TestClusterBuilder()
        .AddGrains(typeof(GroupGrain).Assembly)
        .ConfigureSilo(silo => silo.Configure(o =>
        {
            // Every idle activation is collected when the test asks, never on its own.
            o.IdleDeactivationAge = TimeSpan.Zero;
            o.CollectionQuantum = TimeSpan.FromHours(1);
        }))
        .Build();

    public Task InitializeAsync() => _cluster.DeployAsync();

    /// <summary>
    /// Runs idle collection until the clock has moved well past the last call (activity is compared in
    /// milliseconds) and at most <paramref name="expected"/> activations remain.
    /// </summary>
    private async Task CollectIdleAsync(int expected)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            _cluster.Silo.CollectIdleActivations();
            if (clock.Elapsed > TimeSpan.FromMilliseconds(100) && _cluster.Silo.ActivationCount <= expected)
            {
                return;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                throw new TimeoutException($"expected at most {expected} activations after idle collection, found {_cluster.Silo.ActivationCount}");
            }
            await Task.Delay(10);
        }
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_observed_group_is_not_collected_as_idle_and_keeps_delivering()
    {
        var (_, group) = await _cluster.GrainFactory.NewGroupAsync(new GroupChange { Members = new MemberChange(["a", "b"]) });
        var gateway = new TestGroupObserver();
        await group.SubscribeAsync("gw", _cluster.GrainFactory.CreateObjectReference<IGroupObserver>(gateway));
        await group.ConnectAsync("gw", "b");

        await CollectIdleAsync(expected: 1);
        Assert.Equal(1, _cluster.Silo.ActivationCount); // the observed group; the gid allocator was collected
        await group.SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "after collection"));

        var e = await gateway.NextAsync<GroupMessageEvent>("the message for b after an idle collection", m => m.Message.Body == "after collection");
        Assert.Equal(["b"], e.Recipients);
    }

    [Fact]
    public async Task An_online_user_is_not_collected_as_idle()
    {
        var gateway = new TestGroupObserver();
        await _cluster.GrainFactory.GetGrain<IUserGrain>("live-b").ConnectAsync("gw", _cluster.GrainFactory.CreateObjectReference<IUserObserver>(gateway));

        await CollectIdleAsync(expected: 1);
        Assert.Equal(1, _cluster.Silo.ActivationCount); // the online user
        await _cluster.GrainFactory.GetGrain<IConversationGrain>(ConversationKey.For("live-a", "live-b")).SendAsync("live-a", new OutgoingMessage(0, "still online"));

        await gateway.NextAsync<DirectMessageEvent>("the direct message delivered live", e => e.Message.Body == "still online");
    }

    [Fact]
    public async Task Groups_users_tokens_and_history_survive_a_silo_restart()
    {
        var grains = _cluster.GrainFactory;
        var issued = await grains.GetGrain<IUserGrain>("restart-user").AddAsync(new UserProfile("R", null));
        var (gid, group) = await grains.NewGroupAsync(new GroupChange { Name = "kept", Flags = GroupFlags.SelectedCanPublish, Members = new MemberChange(["restart-user", "b"]) });
        await group.EditMembersAsync(Actor.Backend, new MemberChange(["b"], Permissions: new MemberPermissionsChange(Pub: false)));
        await group.SendMessageAsync(Actor.User("restart-user"), new OutgoingMessage(0, "remember me"));

        await _cluster.RestartSiloAsync();

        grains = _cluster.GrainFactory;
        var reloaded = grains.GetGrain<IGroupGrain>(gid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("restart-user", await grains.GetGrain<ITokenIndexGrain>(AccessTokenHash.Of(issued.Token)).ResolveAsync());
        Assert.Equal("kept", (await reloaded.GetAsync(Actor.Backend)).Value!.Settings.Name);
        Assert.False((await reloaded.GetAccessAsync("b")).Value!.CanPublish);
        Assert.True((await reloaded.GetAccessAsync("restart-user")).Value!.CanPublish);
        Assert.Equal(["remember me"], (await reloaded.GetHistoryAsync(Actor.Backend, null, 5)).Value!.Messages.Select(m => m.Body).ToArray());
        await reloaded.SubscribeAsync("gw", grains.CreateObjectReference<IGroupObserver>(new TestGroupObserver()));
        Assert.Equal(["remember me"], (await reloaded.ConnectAsync("gw", "b")).Value!.Select(m => m.Body).ToArray());
        Assert.Equal([gid], await grains.GetGrain<IUserGrain>("b").GetGroupsAsync());
        Assert.True(await grains.GetGrain<IGroupIdAllocatorGrain>(IGroupIdAllocatorGrain.Key).NextAsync() > gid);
    }
}
