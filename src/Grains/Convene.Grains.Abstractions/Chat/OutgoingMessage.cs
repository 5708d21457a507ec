using Orleans.Concurrency;

namespace Convene.Grains.Chat;

/// <summary>A message as sent by a client.</summary>
/// <param name="Type">The message type (0 for plain messages); per-type group permissions apply.</param>
/// <param name="Body">The content; at most <see cref="Limits.MaxMessageBytes"/> bytes of UTF-8.</param>
[GenerateSerializer, Immutable, Alias("convene.OutgoingMessage")]
public sealed record OutgoingMessage(int Type, string Body);
