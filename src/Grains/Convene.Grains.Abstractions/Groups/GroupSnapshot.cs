using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>A group's persisted record as the room grain decides with it.</summary>
/// <param name="Gid">The group.</param>
/// <param name="Exists">Created and not deleted.</param>
/// <param name="Settings">The settings.</param>
/// <param name="Members">The members in the order they were added.</param>
[GenerateSerializer, Immutable, Alias("convene.GroupSnapshot")]
public sealed record GroupSnapshot(long Gid, bool Exists, GroupSettings Settings, MemberInfo[] Members)
{
    /// <summary>A group that does not exist (or no longer does).</summary>
    public static GroupSnapshot Missing(long gid) => new(gid, false, new GroupSettings(), []);
}
