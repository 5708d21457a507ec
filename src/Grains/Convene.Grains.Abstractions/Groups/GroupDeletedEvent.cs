using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>The group was deleted: the gateway ends its calls and forgets it.</summary>
/// <param name="Gid">The group.</param>
[GenerateSerializer, Immutable, Alias("convene.GroupDeletedEvent")]
public sealed record GroupDeletedEvent(long Gid);
