namespace Convene.Gateway.Apis.Rest;

/// <summary>A member's send/receive permission for one message type.</summary>
public sealed record MemberTypeView(int Type, bool Send, bool Recv);
