using Convene.Grains.Calls;
using Convene.Grains.Groups;
using Convene.Grains.Hosting;
using Convene.Grains.Rooms;
using Convene.Media.Relay;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Convene.Grains.Tests.Grains;

/// <summary>Builds Orleans in-process test clusters of two silos hosting Convene's grains.</summary>
internal static class ConveneTestCluster
{
    /// <summary>
    /// A cluster of <paramref name="silos"/> silos (two by default), each with <c>AddConvene</c> and grain storage named "convene": memory storage, or
    /// <paramref name="store"/> (kept by the test process, so it survives stopping the whole cluster). With
    /// <paramref name="directory"/>, the silos use that grain directory instead of the test cluster's own (shared by all
    /// its silos in this process, so untouched by the loss of any of them). With <paramref name="media"/>, each silo
    /// has its own media relay (configure a free port: 0).
    /// </summary>
    public static InProcessTestCluster Create(Action<GatewayRegistrationOptions>? gateways = null, SharedGrainStore? store = null, short silos = 2,
        Action<CallOptions>? calls = null, Action<Convene.Grains.Webhooks.WebhookOptions>? webhooks = null,
        ConveneGrainDirectory? directory = null, Action<MediaRelayOptions>? media = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        if (directory is not null)
        {
            // The in-process test cluster registers one grain directory shared by all its silos (in this process), which
            // no silo loss can touch. To test the directory a real silo uses, that one is switched off (it has no public
            // switch) and the silos get the one Convene's host configures.
            var shared = typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterGrainDirectory", BindingFlags.Instance | BindingFlags.NonPublic)
                ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterGrainDirectory is gone: see how this Orleans version's test cluster picks its grain directory");
            shared.SetValue(builder.Options, false);
        }
        builder.Options.ConfigureFileLogging = false;
        // With more than two silos, the test's client (which plays the gateways) connects through the primary only,
        // so its observers stay reachable while another silo is lost, as a gateway on a live silo is.
        builder.Options.GatewayPerSilo = silos <= 2;
        if (Environment.GetEnvironmentVariable("CONVENE_TEST_LOG") is "1")
        {
            builder.ConfigureSiloHost((_, host) => host.Logging.AddConsole().AddFilter("Convene", LogLevel.Information).AddFilter("Orleans", LogLevel.None).AddFilter("Microsoft", LogLevel.None));
        }
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddConvene(media: media, gateways: gateways, webhooks: webhooks);
            if (directory is { } chosen)
            {
                silo.UseConveneGrainDirectory(chosen);
            }
            if (calls is not null)
            {
                silo.Services.Configure(calls);
            }
            if (store is null)
            {
                silo.AddMemoryGrainStorage(ConveneGrainStorage.Name);
            }
            else
            {
                silo.Services.AddGrainStorage(ConveneGrainStorage.Name, (services, _) =>
                    new SharedGrainStorage(store, services.GetRequiredService<IGrainStorageSerializer>()));
            }
        });
        return builder.Build();
    }

    /// <summary>The silo an active grain is on.</summary>
    public static async Task<SiloAddress> SiloOfAsync(this InProcessTestCluster cluster, IAddressable grain) =>
        await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain)
        ?? throw new InvalidOperationException($"{grain.GetGrainId()} is not active");

    /// <summary>
    /// A new group whose room is active on <paramref name="roomSilo"/> and whose record is active on another silo,
    /// so that every call between them crosses silos (activations placed with Orleans' placement hint).
    /// </summary>
    public static async Task<(long Gid, IGroupGrain Group, IRoomGrain Room)> NewGroupApartAsync(
        this InProcessTestCluster cluster, SiloAddress roomSilo, GroupChange change)
    {
        var grains = cluster.Client;
        var groupSilo = cluster.Silos.Select(s => s.SiloAddress).First(s => !s.Equals(roomSilo));
        var gid = await grains.GetGrain<IGroupIdAllocatorGrain>(IGroupIdAllocatorGrain.Key).NextAsync();
        var group = grains.GetGrain<IGroupGrain>(gid);
        var room = grains.GetGrain<IRoomGrain>(gid);
        try
        {
            RequestContext.Set(IPlacementDirector.PlacementHintKey, groupSilo);
            await group.GetSnapshotAsync();
            RequestContext.Set(IPlacementDirector.PlacementHintKey, roomSilo);
            await room.GetStatusAsync();
        }
        finally
        {
            RequestContext.Clear();
        }
        Assert.Equal(groupSilo, await cluster.SiloOfAsync(group));
        Assert.Equal(roomSilo, await cluster.SiloOfAsync(room));
        var created = await group.CreateAsync(change);
        Assert.True(created.IsOk, $"group creation failed: {created}");
        return (gid, group, room);
    }
}

/// <summary>One 2-silo cluster with the conference grains and memory storage, shared by a test class.</summary>
public class ClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("not deployed");

    public IGrainFactory Grains => Cluster.Client;

    public IClusterClient Client => Cluster.Client;

    /// <summary>Registration timings of the gateways; defaults unless a derived fixture shortens them.</summary>
    protected virtual Action<GatewayRegistrationOptions>? Gateways => null;

    /// <summary>One-to-one call options; defaults unless a derived fixture changes them.</summary>
    protected virtual Action<CallOptions>? Calls => null;

    /// <summary>The silos' media relays; none unless a derived fixture wants them.</summary>
    protected virtual Action<MediaRelayOptions>? Media => null;

    public async Task InitializeAsync()
    {
        _cluster = ConveneTestCluster.Create(Gateways, calls: Calls, media: Media);
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
