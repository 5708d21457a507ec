namespace Convene.Grains.Permissions;

/// <summary>
/// Group flags of the backend API (<c>group.flags</c>), a logical OR of the values below.
/// The <c>group.permissions.*</c> object is another spelling of the same bits.
/// </summary>
[Flags]
public enum GroupFlags : uint
{
    /// <summary>Normal group: members send and receive, publish, subscribe and list.</summary>
    None = 0,
    /// <summary>Only selected members (member permission <c>send</c>) can send.</summary>
    SelectedCanSend = 0x1,
    /// <summary>Anyone, members or not, can send.</summary>
    AnyoneCanSend = 0x2,
    /// <summary>Only selected members (member permission <c>recv</c>) receive.</summary>
    SelectedCanReceive = 0x10,
    /// <summary>Each message is received by one eligible online member, in turn.</summary>
    RoundRobinReceive = 0x20,
    /// <summary>Group messages are not stored.</summary>
    DoNotStore = 0x40,
    /// <summary>Group messages are also delivered back to the sender.</summary>
    LoopBack = 0x80,
    /// <summary>Only selected members (member permission <c>pub</c>) can publish.</summary>
    SelectedCanPublish = 0x100,
    /// <summary>Anyone can publish.</summary>
    AnyoneCanPublish = 0x200,
    /// <summary>Only selected members (member permission <c>sub</c>) can subscribe.</summary>
    SelectedCanSubscribe = 0x1000,
    /// <summary>Anyone can subscribe.</summary>
    AnyoneCanSubscribe = 0x2000,
    /// <summary>Only selected members (member permission <c>list</c>) can list the participants.</summary>
    SelectedCanList = 0x10000,
    /// <summary>Anyone can list the participants.</summary>
    AnyoneCanList = 0x20000,
}
