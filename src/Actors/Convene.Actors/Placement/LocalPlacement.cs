namespace Convene.Actors.Placement;

/// <summary>Activates a grain on the silo where it is first called (Orleans' "prefer local").</summary>
public sealed class LocalPlacement : IPlacementStrategy
{
    /// <inheritdoc />
    public SiloAddress Place(GrainId grainId, IReadOnlyList<SiloAddress> silos, SiloAddress caller) =>
        silos.Contains(caller) ? caller : silos[0];
}
