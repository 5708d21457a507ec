namespace Convene.Client.Conference;

/// <summary>What you may do in a group now (the hub's <c>OnMemberChanged</c> and <c>GetAccess</c>).</summary>
/// <param name="Gid">The group.</param>
/// <param name="Address">You.</param>
/// <param name="IsMember">Whether you are a member.</param>
/// <param name="CanSend">You may send messages.</param>
/// <param name="CanReceive">You receive messages.</param>
/// <param name="CanPublish">You may publish streams.</param>
/// <param name="CanSubscribe">You may subscribe to streams.</param>
/// <param name="CanList">You may list the publishers.</param>
/// <param name="Admin">Your admin rights by their spec names (owner, admin, modify, …).</param>
/// <param name="Limits">What you may publish.</param>
public sealed record MemberAccess(
    long Gid, string Address, bool IsMember, bool CanSend, bool CanReceive, bool CanPublish, bool CanSubscribe, bool CanList,
    IReadOnlyList<string> Admin, CallLimits Limits);
