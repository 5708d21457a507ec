using System.Collections.Concurrent;

namespace Convene.Actors.Placement;

/// <summary>The directory of a single silo (or of the silos of one process, in a test cluster).</summary>
public sealed class LocalGrainDirectory : IGrainDirectory
{
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _owners = new();

    /// <inheritdoc />
    public SiloAddress? Lookup(GrainId grainId) => _owners.TryGetValue(grainId, out var silo) ? silo : null;

    /// <inheritdoc />
    public SiloAddress Register(GrainId grainId, SiloAddress silo) => _owners.GetOrAdd(grainId, silo);

    /// <inheritdoc />
    public void Unregister(GrainId grainId, SiloAddress silo) => _owners.TryRemove(new KeyValuePair<GrainId, SiloAddress>(grainId, silo));
}
