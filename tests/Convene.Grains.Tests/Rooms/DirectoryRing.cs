using Orleans.Runtime;

namespace Convene.Grains.Tests.Rooms;

/// <summary>
/// Which silo's directory partition holds a grain's entry, computed from the public hashes as Orleans 10.4.2 does
/// (LocalGrainDirectory.CalculateGrainDirectoryPartition; DirectoryMembershipSnapshot with one partition per silo),
/// so a test can pick grains whose entry is on the silo it is about to lose.
/// </summary>
internal static class DirectoryRing
{
    /// <summary>Default directory: the silo with the greatest (signed) hash not above the grain's, else the greatest.</summary>
    public static SiloAddress DefaultOwner(GrainId grain, IReadOnlyList<SiloAddress> silos)
    {
        var hash = unchecked((int)grain.GetUniformHashCode());
        var ring = silos.OrderBy(s => s.GetConsistentHashCode()).ToArray();
        return ring.LastOrDefault(s => s.GetConsistentHashCode() <= hash) ?? ring[^1];
    }

    /// <summary>Distributed directory: the silo whose range (its unsigned hash onwards) holds the grain's hash, wrapping round.</summary>
    public static SiloAddress DistributedOwner(GrainId grain, IReadOnlyList<SiloAddress> silos)
    {
        var hash = grain.GetUniformHashCode();
        var ring = silos.OrderBy(s => unchecked((uint)s.GetConsistentHashCode())).ToArray();
        return ring.LastOrDefault(s => unchecked((uint)s.GetConsistentHashCode()) < hash) ?? ring[^1];
    }
}
