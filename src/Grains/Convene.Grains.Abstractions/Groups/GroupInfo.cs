using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>A group as the backend sees it.</summary>
/// <param name="Gid">The group id.</param>
/// <param name="Settings">Settings.</param>
/// <param name="MemberCount">How many members it has.</param>
[GenerateSerializer, Immutable, Alias("convene.GroupInfo")]
public sealed record GroupInfo(long Gid, GroupSettings Settings, int MemberCount);
