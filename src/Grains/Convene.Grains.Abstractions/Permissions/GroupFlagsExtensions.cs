namespace Convene.Grains.Permissions;

/// <summary>Converts between group flags and the per-capability audience of <c>group.permissions</c>.</summary>
public static class GroupFlagsExtensions
{
    /// <summary>Every defined flag bit; any other bit is invalid input.</summary>
    public const GroupFlags Known = (GroupFlags)0x333F3;

    /// <summary>The audience the flags give a capability: "anyone" wins over "selected", default "members".</summary>
    public static Audience AudienceOf(this GroupFlags flags, Capability capability)
    {
        var (selected, anyone) = Bits(capability);
        if (anyone != GroupFlags.None && (flags & anyone) != 0)
        {
            return Audience.Anyone;
        }
        return (flags & selected) != 0 ? Audience.Selected : Audience.Members;
    }

    /// <summary>
    /// The flags with the capability's audience replaced. For <see cref="Capability.Receive"/>,
    /// <see cref="Audience.Anyone"/> (2) sets round-robin, as the spec says.
    /// </summary>
    public static GroupFlags WithAudience(this GroupFlags flags, Capability capability, Audience audience)
    {
        var (selected, anyone) = Bits(capability);
        flags &= ~(selected | anyone);
        return audience switch
        {
            Audience.Selected => flags | selected,
            Audience.Anyone => flags | anyone,
            _ => flags,
        };
    }

    private static (GroupFlags Selected, GroupFlags Anyone) Bits(Capability capability) => capability switch
    {
        Capability.Send => (GroupFlags.SelectedCanSend, GroupFlags.AnyoneCanSend),
        // Receive has no "anyone": its value 2 is the round-robin bit, which is a delivery mode, not an audience.
        Capability.Receive => (GroupFlags.SelectedCanReceive, GroupFlags.RoundRobinReceive),
        Capability.Publish => (GroupFlags.SelectedCanPublish, GroupFlags.AnyoneCanPublish),
        Capability.Subscribe => (GroupFlags.SelectedCanSubscribe, GroupFlags.AnyoneCanSubscribe),
        Capability.List => (GroupFlags.SelectedCanList, GroupFlags.AnyoneCanList),
        _ => throw new ArgumentOutOfRangeException(nameof(capability), capability, "unknown capability"),
    };
}
