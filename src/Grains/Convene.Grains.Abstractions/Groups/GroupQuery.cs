using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>The answer to a group query.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Status">Ok, or why not.</param>
/// <param name="Value">The value when Ok.</param>
/// <param name="Error">What was wrong, when not Ok.</param>
[GenerateSerializer, Immutable, Alias("convene.GroupQuery`1")]
public sealed record GroupQuery<T>(GroupStatus Status, T? Value, string? Error = null)
{
    /// <summary>A failure.</summary>
    public static GroupQuery<T> Fail(GroupStatus status, string error) => new(status, default, error);
}
