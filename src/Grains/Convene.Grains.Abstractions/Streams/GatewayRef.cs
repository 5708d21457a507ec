using Convene.Actors.Concurrency;
using Convene.Grains.Groups;

namespace Convene.Grains.Streams;

/// <summary>Where a user's connections are: a gateway node and its observer for the group.</summary>
/// <param name="GatewayId">The gateway node.</param>
/// <param name="Observer">The node's observer for the group.</param>
[Immutable]
public sealed record GatewayRef(string GatewayId, IGroupObserver Observer);
