namespace Convene.Actors;

/// <summary>A call could not be delivered: the silo is stopping, or the observer reference was deleted.</summary>
public sealed class GrainUnavailableException(string message) : InvalidOperationException(message);
