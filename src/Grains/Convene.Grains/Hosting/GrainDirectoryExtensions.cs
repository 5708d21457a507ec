namespace Convene.Grains.Hosting;

/// <summary>Chooses the silo's grain directory (see <see cref="ConveneGrainDirectory"/>).</summary>
public static class GrainDirectoryExtensions
{
    /// <summary>
    /// Makes <paramref name="directory"/> the silo's default grain directory. Every silo of a cluster uses the same (Orleans 10.4.2
    /// supports a rolling upgrade from <see cref="ConveneGrainDirectory.Default"/> to <see cref="ConveneGrainDirectory.Distributed"/>).
    /// </summary>
    public static ISiloBuilder UseConveneGrainDirectory(this ISiloBuilder silo, ConveneGrainDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(silo);
        switch (directory)
        {
            case ConveneGrainDirectory.Distributed:
                // Experimental in Orleans 10.4.2 (ORLEANSEXP003) but the only in-cluster directory that keeps the entries of
                // grains on surviving silos when a silo dies (README, "Cluster").
#pragma warning disable ORLEANSEXP003
                silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
                return silo;
            case ConveneGrainDirectory.Default:
                return silo;
            default:
                throw new ArgumentOutOfRangeException(nameof(directory), directory, "expected Distributed or Default");
        }
    }
}
