namespace Convene.Actors.Concurrency;

/// <summary>
/// Values of this type never change after construction, so grain calls pass them by reference
/// instead of copying them. Apply it only to types whose members are all immutable.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ImmutableAttribute : Attribute;
