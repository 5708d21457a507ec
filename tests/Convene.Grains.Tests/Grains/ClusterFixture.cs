using Convene.Actors;
using Convene.Actors.Testing;
using Convene.Grains.Groups;

namespace Convene.Grains.Tests.Grains;

/// <summary>One in-process cluster with the conference grains, shared by a test class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    public IGrainFactory Grains => _cluster!.GrainFactory;

    public async Task InitializeAsync()
    {
        _cluster = new TestClusterBuilder().AddGrains(typeof(GroupGrain).Assembly).Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
        }
    }
}
