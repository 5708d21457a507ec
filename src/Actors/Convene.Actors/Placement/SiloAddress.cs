namespace Convene.Actors.Placement;

/// <summary>Identifies a silo in a cluster.</summary>
/// <param name="Name">The silo's unique name (host:port in a real cluster).</param>
public sealed record SiloAddress(string Name)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
