using Orleans.Concurrency;

namespace Convene.Grains.Chat;

/// <summary>A stored message and how it was delivered.</summary>
/// <param name="Message">The message.</param>
/// <param name="RoundRobin">Sent to one member in turn: not re-delivered to the others when they join.</param>
[GenerateSerializer, Immutable, Alias("convene.StoredMessage")]
public sealed record StoredMessage(ChatMessage Message, bool RoundRobin);
