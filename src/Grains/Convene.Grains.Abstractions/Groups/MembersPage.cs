using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>A page of members, in the order they were added.</summary>
/// <param name="Gid">The group.</param>
/// <param name="Total">How many members the group has.</param>
/// <param name="Offset">Index of the first member of the page.</param>
/// <param name="Members">The page.</param>
[GenerateSerializer, Immutable, Alias("convene.MembersPage")]
public sealed record MembersPage(long Gid, int Total, int Offset, MemberInfo[] Members);
