using Orleans.Concurrency;

namespace Convene.Grains.Permissions;

/// <summary>The permission function's answer.</summary>
/// <param name="Allowed">Whether the operation may proceed.</param>
/// <param name="Reason">Why it was refused (or how it was allowed), for error messages and logs.</param>
[GenerateSerializer, Immutable, Alias("convene.PermissionResult")]
public sealed record PermissionResult(bool Allowed, string Reason)
{
    /// <summary>An allowed result.</summary>
    public static PermissionResult Allow(string reason) => new(true, reason);

    /// <summary>A refused result.</summary>
    public static PermissionResult Deny(string reason) => new(false, reason);
}
