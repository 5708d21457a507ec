using Orleans.TestingHost;
using Convene.Silo.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Hosting;

namespace Convene.Silo.Tests.Storage;

/// <summary>Starts an in-process Orleans cluster whose silos use <see cref="ConveneStorage.AddConveneStorage"/>.</summary>
internal static class StorageCluster
{
    /// <summary>
    /// Builds and deploys a cluster. <paramref name="serviceId"/> is what ties stored state to a deployment:
    /// a second cluster with the same id and store sees the first one's state.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(StorageSettings settings, string serviceId, short silos = 1)
    {
        var cluster = Build(settings, serviceId, silos);
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await StopAsync(cluster);
            throw;
        }
        return cluster;
    }

    /// <summary>A cluster not yet deployed.</summary>
    public static InProcessTestCluster Build(StorageSettings settings, string serviceId, short silos = 1)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.AddConveneStorage(settings));
        return builder.Build();
    }

    /// <summary>Stops every silo and the client, then disposes the cluster.</summary>
    public static async Task StopAsync(InProcessTestCluster cluster)
    {
        try
        {
            await cluster.StopAllSilosAsync();
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
