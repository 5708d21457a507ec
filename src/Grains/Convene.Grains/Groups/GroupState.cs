using Convene.Grains.Chat;

namespace Convene.Grains.Groups;

/// <summary>
/// The persisted state of a group. Live state (online members, gateway observers, publishers, the round-robin
/// cursor) is deliberately not here: it lives in the activation and is rebuilt by gateways reconnecting.
/// </summary>
public sealed class GroupState
{
    /// <summary>Whether the group was created.</summary>
    public bool Created { get; set; }

    /// <summary>Whether it was deleted (a tombstone: the gid stays unusable).</summary>
    public bool Deleted { get; set; }

    /// <summary>Settings.</summary>
    public GroupSettings Settings { get; set; } = new();

    /// <summary>Members in the order they were added.</summary>
    public List<MemberInfo> Members { get; set; } = [];

    /// <summary>Stored messages, oldest first, at most <see cref="Limits.MaxStoredMessages"/>.</summary>
    public List<StoredGroupMessage> History { get; set; } = [];

    /// <summary>The last message id given out (stored or not).</summary>
    public long LastMessageId { get; set; }

    /// <summary>Per member: the id of the last stored message delivered to (or skipped for) them.</summary>
    public Dictionary<string, long> DeliveredUpTo { get; set; } = [];
}
