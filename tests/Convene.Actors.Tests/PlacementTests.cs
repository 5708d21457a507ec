using Convene.Actors.Placement;
using Convene.Actors.Testing;
using Convene.Actors.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Actors.Tests;

public sealed class PlacementTests
{
    private sealed class ElsewherePlacement : IPlacementStrategy
    {
        public SiloAddress Place(GrainId grainId, IReadOnlyList<SiloAddress> silos, SiloAddress caller) => new("another-silo");
    }

    [Fact]
    public async Task New_activations_are_placed_by_the_placement_strategy_and_registered_in_the_directory()
    {
        var probe = new Probe();
        await using var cluster = new TestClusterBuilder()
            .AddGrains(typeof(CounterGrain).Assembly)
            .ConfigureServices(s => s.AddSingleton(probe).AddSingleton<IPlacementStrategy>(new ElsewherePlacement()))
            .Build();
        await cluster.DeployAsync();

        var error = await Assert.ThrowsAsync<GrainUnavailableException>(() => cluster.GrainFactory.GetGrain<ICounterGrain>("far").AddAsync(1));

        Assert.Contains("another-silo", error.Message);
        Assert.Equal(0, cluster.Silo.ActivationCount);
    }

    [Fact]
    public async Task The_directory_knows_where_each_activation_is_until_it_deactivates()
    {
        var (cluster, probe) = await Clusters.StartAsync();
        await using var _ = cluster;
        var directory = cluster.Services.GetRequiredService<IGrainDirectory>();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("located");
        var id = new GrainId(typeof(ICounterGrain).FullName!, "located");

        await grain.AddAsync(1);
        Assert.Equal(cluster.Silo.Address, directory.Lookup(id));

        await grain.DeactivateAsync();
        await probe.WhenRecorded("deactivate:located:Requested").Within("the grain to deactivate");
        await Clusters.Eventually(() => directory.Lookup(id) is null, "the directory entry to go with the activation");
    }
}
