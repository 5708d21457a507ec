using Orleans.Concurrency;

namespace Convene.Grains.Chat;

/// <summary>A page of stored messages, newest first.</summary>
/// <param name="Messages">The messages, by decreasing id.</param>
/// <param name="NextBeforeId">Pass as <c>beforeId</c> for the next (older) page; null when there is none.</param>
[GenerateSerializer, Immutable, Alias("convene.HistoryPage")]
public sealed record HistoryPage(ChatMessage[] Messages, long? NextBeforeId);
