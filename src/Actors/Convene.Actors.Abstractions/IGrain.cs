namespace Convene.Actors;

/// <summary>Marker for every grain interface.</summary>
public interface IGrain : IAddressable;
