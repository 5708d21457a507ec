namespace Convene.Actors.Concurrency;

/// <summary>Calls to this interface method may interleave with any other call of the grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;
