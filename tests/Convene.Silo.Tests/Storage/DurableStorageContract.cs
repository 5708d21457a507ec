using Convene.Silo.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Hosting;
namespace Convene.Silo.Tests.Storage;

/// <summary>The contract of a storage that outlives the cluster: everything in <see cref="StorageContract"/>, and a restart keeps state.</summary>
public abstract class DurableStorageContract : StorageContract
{
    [Fact]
    public async Task State_survives_stopping_the_whole_cluster_and_starting_a_new_one()
    {
        var key = "notes-" + Guid.NewGuid().ToString("N");
        await Cluster.Client.GetGrain<INotesGrain>(key).Add("kept across restarts");

        await StopClusterAsync();
        await StartClusterAsync();
        var state = await Cluster.Client.GetGrain<INotesGrain>(key).Get();

        Assert.Equal(["kept across restarts"], state.Notes);
        Assert.Equal(1, state.Writes);
    }
}
