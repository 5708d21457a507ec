namespace Convene.Actors;

/// <summary>A grain call did not complete within the configured response timeout.</summary>
public sealed class GrainCallTimeoutException(string message) : TimeoutException(message);
