namespace Convene.Actors.Concurrency;

/// <summary>Calls to this grain may interleave at await points (they still never run in parallel).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;
