namespace Convene.Grains.Groups;

/// <summary>The persisted counter of the group id allocator.</summary>
public sealed class GroupIdAllocatorState
{
    /// <summary>The last id given out.</summary>
    public long Last { get; set; }
}
