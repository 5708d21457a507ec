namespace Convene.Actors;

/// <summary>The identity of a grain: its interface type name and its key.</summary>
/// <param name="Type">The grain interface's full name.</param>
/// <param name="Key">The grain's primary key.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";
}
