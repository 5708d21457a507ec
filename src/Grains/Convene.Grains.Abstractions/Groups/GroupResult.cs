using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>The answer to a group command.</summary>
/// <param name="Status">Ok, or why not; on anything but Ok nothing changed.</param>
/// <param name="Gid">The group.</param>
/// <param name="Error">What was wrong, when not Ok.</param>
[GenerateSerializer, Immutable, Alias("convene.GroupResult")]
public sealed record GroupResult(GroupStatus Status, long Gid, string? Error = null)
{
    /// <summary>True when Ok.</summary>
    public bool IsOk => Status == GroupStatus.Ok;
}
