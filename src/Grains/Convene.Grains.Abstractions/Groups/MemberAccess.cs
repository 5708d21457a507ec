using Orleans.Concurrency;
using Convene.Grains.Permissions;

namespace Convene.Grains.Groups;

/// <summary>What a user may do in a group right now (the permission function applied to every capability): what a join answers.</summary>
/// <param name="Gid">The group.</param>
/// <param name="Address">The user.</param>
/// <param name="IsMember">Whether the user is a member.</param>
/// <param name="CanSend">May send group messages.</param>
/// <param name="CanReceive">Receives group messages.</param>
/// <param name="CanPublish">May publish streams.</param>
/// <param name="CanSubscribe">May subscribe to streams.</param>
/// <param name="CanList">May list the publishers.</param>
/// <param name="Admin">The member's effective admin rights.</param>
/// <param name="Call">The group's call settings.</param>
[GenerateSerializer, Immutable, Alias("convene.MemberAccess")]
public sealed record MemberAccess(
    long Gid, string Address, bool IsMember, bool CanSend, bool CanReceive, bool CanPublish, bool CanSubscribe, bool CanList,
    AdminRights Admin, CallSettings Call)
{
    /// <summary>What the user may publish: the room's call settings tightened by the member's own.</summary>
    [Id(0)]
    public CallLimits Limits { get; init; } = CallLimits.Of(Call, null);
}
