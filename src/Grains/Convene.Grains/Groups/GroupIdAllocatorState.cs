namespace Convene.Grains.Groups;

/// <summary>The last gid handed out.</summary>
[GenerateSerializer, Alias("convene.GroupIdAllocatorState")]
public sealed class GroupIdAllocatorState
{
    /// <summary>The last gid given; 0 before the first.</summary>
    [Id(0)]
    public long Last { get; set; }
}
