namespace Convene.Actors;

/// <summary>Marker for anything that can be called through a reference: grains and observers.</summary>
public interface IAddressable;
