using Orleans.Concurrency;
using Convene.Grains.Chat;

namespace Convene.Grains.Groups;

/// <summary>A group message for the listed recipients' connections at the observing gateway.</summary>
/// <param name="Gid">The group.</param>
/// <param name="Recipients">Addresses online at this gateway that receive it (permission-checked; one for round-robin).</param>
/// <param name="Message">The message.</param>
[GenerateSerializer, Immutable, Alias("convene.GroupMessageEvent")]
public sealed record GroupMessageEvent(long Gid, string[] Recipients, ChatMessage Message);
