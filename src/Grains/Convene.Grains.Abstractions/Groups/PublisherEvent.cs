using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>A stream started or stopped being published (the spec's <c>OnPublisher</c>).</summary>
/// <param name="Gid">The group.</param>
/// <param name="Recipients">Addresses online at this gateway allowed to list publishers.</param>
/// <param name="Stream">The stream.</param>
/// <param name="Active">True when it started, false when it stopped.</param>
[GenerateSerializer, Immutable, Alias("convene.PublisherEvent")]
public sealed record PublisherEvent(long Gid, string[] Recipients, PublishedStream Stream, bool Active);
