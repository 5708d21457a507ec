namespace Convene.Gateway.Hubs;

/// <summary>A chat message; <see cref="Gid"/> is 0 for one-to-one messages.</summary>
public sealed record MessageDto(long Id, long Gid, string From, string? To, int Type, string Text, DateTimeOffset SentAt);
