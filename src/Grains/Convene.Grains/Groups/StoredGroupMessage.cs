using Convene.Grains.Chat;

namespace Convene.Grains.Groups;

/// <summary>A stored group message and how it was delivered.</summary>
public sealed class StoredGroupMessage
{
    /// <summary>The message.</summary>
    public required ChatMessage Message { get; set; }

    /// <summary>Sent to one member in turn: not re-delivered to the others when they connect.</summary>
    public bool RoundRobin { get; set; }
}
