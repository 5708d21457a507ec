using Convene.Grains.Groups;
using Convene.Grains.Permissions;

namespace Convene.Grains.Tests.Grains;

/// <summary>Members' call settings are part of the persisted group record: they survive a new cluster.</summary>
public sealed class MemberCallSettingsStorageTests : IAsyncLifetime
{
    private readonly SharedGrainStore _store = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = ConveneTestCluster.Create(store: _store, silos: 1);
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Member_call_settings_are_read_back_by_a_new_cluster()
    {
        var (gid, group) = await _cluster.Client.NewGroupAsync(new GroupChange { Members = new MemberChange(["speaker", "guest"]) });
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["guest"], Call: new MemberCallChange(Resolution: 0, MaxHeight: 360, Bitrate: 200, Audio: false)))).IsOk);

        await _cluster.DisposeAsync();
        _cluster = ConveneTestCluster.Create(store: _store, silos: 1);
        await _cluster.DeployAsync();

        var members = (await _cluster.Client.GetGrain<IGroupGrain>(gid).GetMembersAsync(Actor.Backend, 0, 10)).Value!.Members.ToDictionary(m => m.Address);
        Assert.Equal(new MemberCallSettings { Resolution = 0, MaxHeight = 360, Bitrate = 200, Audio = false }, members["guest"].Call);
        Assert.Equal(MemberCallSettings.Default, members["speaker"].Call);
    }
}
