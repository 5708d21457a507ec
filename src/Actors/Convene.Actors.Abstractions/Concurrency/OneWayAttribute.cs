namespace Convene.Actors.Concurrency;

/// <summary>
/// The caller does not wait for this method: the call returns once it is queued, and an exception
/// in the callee is logged, not returned. Only for methods returning <see cref="Task"/>; used for observer events.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;
