namespace Convene.Grains.Groups;

/// <summary>
/// The persisted record of a group. The live call (who is online, streams, gateways) is deliberately not here: it
/// is the room grain's, in memory. The chat history is the group chat grain's, in pages.
/// </summary>
[GenerateSerializer, Alias("convene.GroupState")]
public sealed class GroupState
{
    /// <summary>Whether the group was created.</summary>
    [Id(0)]
    public bool Created { get; set; }

    /// <summary>Whether it was deleted (a tombstone: the gid stays unusable).</summary>
    [Id(1)]
    public bool Deleted { get; set; }

    /// <summary>Settings.</summary>
    [Id(2)]
    public GroupSettings Settings { get; set; } = new();

    /// <summary>Members in the order they were added.</summary>
    [Id(3)]
    public List<MemberInfo> Members { get; set; } = [];
}
