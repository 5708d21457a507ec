namespace Convene.Actors.Serialization;

/// <summary>How values of one type cross an activation boundary.</summary>
/// <param name="Copy">Deep-copies a value; null when values pass by reference.</param>
/// <param name="Error">Why the type cannot cross a boundary; null when it can.</param>
internal sealed record CopyPlan(Func<object, object>? Copy, string? Error)
{
    /// <summary>Values pass by reference (immutable types).</summary>
    public static CopyPlan ByReference { get; } = new(null, null);

    /// <summary>Values of this type are refused.</summary>
    public static CopyPlan Refused(string error) => new(null, error);

    /// <summary>Copies <paramref name="value"/> (null stays null).</summary>
    public object? Apply(object? value) => value is null || Copy is null ? value : Copy(value);
}
