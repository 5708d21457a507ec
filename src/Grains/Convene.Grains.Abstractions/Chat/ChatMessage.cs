using Orleans.Concurrency;

namespace Convene.Grains.Chat;

/// <summary>A delivered or stored message.</summary>
/// <param name="Id">Increasing per group (or per conversation for one-to-one messages).</param>
/// <param name="Gid">The group; 0 for a one-to-one message.</param>
/// <param name="From">The sender's address.</param>
/// <param name="To">The recipient of a one-to-one message; null for group messages.</param>
/// <param name="Type">The message type.</param>
/// <param name="Body">The content.</param>
/// <param name="SentAt">When the server accepted it.</param>
/// <param name="Stored">False if the group does not store messages (flag 0x40).</param>
[GenerateSerializer, Immutable, Alias("convene.ChatMessage")]
public sealed record ChatMessage(long Id, long Gid, string From, string? To, int Type, string Body, DateTimeOffset SentAt, bool Stored);
