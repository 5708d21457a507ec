using Convene.Actors.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>The group was deleted: the gateway ends its calls and forgets it.</summary>
/// <param name="Gid">The group.</param>
[Immutable]
public sealed record GroupDeletedEvent(long Gid);
