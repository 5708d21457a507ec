namespace Convene.Client.Conference;

/// <summary>A group or one-to-one message.</summary>
/// <param name="Id">The message id.</param>
/// <param name="Gid">The group; 0 for a one-to-one message.</param>
/// <param name="From">The sender's address.</param>
/// <param name="To">The recipient of a one-to-one message; null for group messages.</param>
/// <param name="Type">The message type (0 for plain chat).</param>
/// <param name="Text">The text.</param>
/// <param name="SentAt">When the server accepted it.</param>
public sealed record ChatMessage(long Id, long Gid, string From, string? To, int Type, string Text, DateTimeOffset SentAt);
