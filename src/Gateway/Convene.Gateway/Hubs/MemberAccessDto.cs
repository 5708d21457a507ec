namespace Convene.Gateway.Hubs;

/// <summary>What you may do in a group now (<c>OnMemberChanged</c>): membership, permissions, admin rights and media limits.</summary>
public sealed record MemberAccessDto(
    long Gid, string Address, bool IsMember, bool CanSend, bool CanReceive, bool CanPublish, bool CanSubscribe, bool CanList,
    IReadOnlyList<string> Admin, CallLimitsDto Limits);
