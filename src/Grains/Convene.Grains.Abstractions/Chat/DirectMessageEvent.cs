using Orleans.Concurrency;

namespace Convene.Grains.Chat;

/// <summary>A one-to-one message for a user online at the observing gateway.</summary>
/// <param name="Recipient">The address whose connections should get it.</param>
/// <param name="Message">The message.</param>
[GenerateSerializer, Immutable, Alias("convene.DirectMessageEvent")]
public sealed record DirectMessageEvent(string Recipient, ChatMessage Message);
