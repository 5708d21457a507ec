using Orleans.Concurrency;

namespace Convene.Grains.Permissions;

/// <summary>A member's send/receive permission for one message type (default true).</summary>
/// <param name="Type">The message type.</param>
/// <param name="Send">The member may send messages of this type where the type's send audience is "selected".</param>
/// <param name="Recv">The member receives messages of this type where the type's receive audience is "selected".</param>
[GenerateSerializer, Immutable, Alias("convene.MemberTypePermission")]
public sealed record MemberTypePermission(int Type, bool Send, bool Recv);
