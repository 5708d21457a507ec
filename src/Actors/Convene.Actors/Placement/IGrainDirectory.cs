namespace Convene.Actors.Placement;

/// <summary>
/// Where each grain's single activation lives. Registration is first-wins: a second silo that tries
/// to register the same grain is told the existing owner and must forward its calls there.
/// </summary>
public interface IGrainDirectory
{
    /// <summary>The silo holding the grain's activation, or null.</summary>
    SiloAddress? Lookup(GrainId grainId);

    /// <summary>Registers <paramref name="silo"/> as the owner unless another silo already is; returns the owner.</summary>
    SiloAddress Register(GrainId grainId, SiloAddress silo);

    /// <summary>Removes the registration if <paramref name="silo"/> owns it.</summary>
    void Unregister(GrainId grainId, SiloAddress silo);
}
