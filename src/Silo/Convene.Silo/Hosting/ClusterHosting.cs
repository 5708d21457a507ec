using System.Net;
using Azure.Data.Tables;
using Convene.Silo.Storage;
using Orleans.Configuration;

namespace Convene.Silo.Hosting;

/// <summary>Orleans clustering from <see cref="ClusterSettings"/>: localhost, Azure Table or PostgreSQL membership.</summary>
internal static class ClusterHosting
{
    public static void UseConveneClustering(this ISiloBuilder silo, ClusterSettings cluster, IConfiguration configuration)
    {
        var siloPort = PortOrFree(cluster.SiloPort);
        var gatewayPort = PortOrFree(cluster.GatewayPort);
        switch (cluster.Provider.ToLowerInvariant())
        {
            case "localhost":
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                return;
            case "azure":
            {
                var connectionString = configuration["Convene:AzureStorage:ConnectionString"] is { Length: > 0 } c ? c
                    : throw new InvalidOperationException("Convene:Cluster:Provider is 'azure' but Convene:AzureStorage:ConnectionString is not set.");
                silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
                break;
            }
            case "postgres":
            {
                var connectionString = configuration["Convene:Postgres:ConnectionString"] is { Length: > 0 } c ? c
                    : throw new InvalidOperationException("Convene:Cluster:Provider is 'postgres' but Convene:Postgres:ConnectionString is not set.");
                // The membership table must exist before the membership service starts.
                silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new SchemaInitializer(
                    "clustering", cancellation => ConveneStorage.EnsurePostgresSchemaAsync(connectionString, cancellation), ServiceLifecycleStage.First));
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = ConveneStorage.PostgresInvariant;
                    o.ConnectionString = connectionString;
                });
                break;
            }
            default:
                throw new InvalidOperationException($"Convene:Cluster:Provider is '{cluster.Provider}'; expected 'localhost', 'azure' or 'postgres'.");
        }
        var address = IPAddress.TryParse(cluster.AdvertisedAddress, out var parsed) ? parsed
            : throw new InvalidOperationException($"Convene:Cluster:AdvertisedAddress is '{cluster.AdvertisedAddress}', which is not an IP address.");
        silo.ConfigureEndpoints(address, siloPort, gatewayPort, listenOnAnyHostAddress: false);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // A killed silo is declared dead within a few seconds (defaults take about a minute):
            // ProbeTimeout × MissedProbesLimit, then VotesForDeathDeclaration suspicions.
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.NumMissedProbesLimit = cluster.MissedProbesLimit;
            o.NumVotesForDeathDeclaration = cluster.VotesForDeathDeclaration;
        });
    }

    /// <summary>The port, or a free loopback TCP port for 0 (several single-silo hosts on one machine, e.g. in tests).</summary>
    private static int PortOrFree(int port)
    {
        if (port != 0) return port;
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
