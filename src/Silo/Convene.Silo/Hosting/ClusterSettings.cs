namespace Convene.Silo.Hosting;

/// <summary>How silos find each other (configuration section "Convene:Cluster").</summary>
public sealed class ClusterSettings
{
    /// <summary>"localhost" (default: one silo), "azure" (Azure Table membership) or "postgres" (ADO.NET membership).</summary>
    public string Provider { get; set; } = "localhost";

    /// <summary>The silo-to-silo TCP port; 0 (default) picks a free one, which is enough for a single silo.</summary>
    public int SiloPort { get; set; }

    /// <summary>The TCP port Orleans clients connect to; 0 (default) picks a free one.</summary>
    public int GatewayPort { get; set; }

    /// <summary>The address other silos reach this one at (default loopback: several silos on one host).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The cluster's id: silos with the same id and membership store form one cluster.</summary>
    public string ClusterId { get; set; } = "convene";

    /// <summary>The service's id: stored grain state is keyed by it, so keep it across deployments.</summary>
    public string ServiceId { get; set; } = "convene";

    /// <summary>How long a silo waits for a probe answer before counting it missed. Default 2 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes after which a silo suspects another. Default 2.</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>Suspicions (from different silos) needed to declare a silo dead. Default 2 (one with two silos).</summary>
    public int VotesForDeathDeclaration { get; set; } = 2;
}
