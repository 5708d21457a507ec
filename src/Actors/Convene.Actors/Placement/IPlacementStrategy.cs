namespace Convene.Actors.Placement;

/// <summary>Chooses the silo on which a grain that has no activation is activated.</summary>
public interface IPlacementStrategy
{
    /// <summary>Picks one of <paramref name="silos"/> (never empty) for <paramref name="grainId"/>, called on <paramref name="caller"/>.</summary>
    SiloAddress Place(GrainId grainId, IReadOnlyList<SiloAddress> silos, SiloAddress caller);
}
