using Orleans.Concurrency;

namespace Convene.Grains.Permissions;

/// <summary>
/// A member's own permissions (<c>group.members.permissions.*</c>; all default true). They apply only
/// where the group's permission for the capability is "selected".
/// </summary>
[GenerateSerializer, Immutable, Alias("convene.MemberPermissions")]
public sealed record MemberPermissions(bool Send = true, bool Recv = true, bool Pub = true, bool Sub = true, bool List = true)
{
    /// <summary>Every permission granted (the default).</summary>
    public static MemberPermissions All { get; } = new();

    /// <summary>The permission for a capability.</summary>
    public bool Allows(Capability capability) => capability switch
    {
        Capability.Send => Send,
        Capability.Receive => Recv,
        Capability.Publish => Pub,
        Capability.Subscribe => Sub,
        Capability.List => List,
        _ => false,
    };
}
