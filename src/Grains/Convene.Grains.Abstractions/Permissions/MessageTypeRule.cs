using Orleans.Concurrency;

namespace Convene.Grains.Permissions;

/// <summary>
/// Group permissions for one message type (<c>group.type</c> with <c>group.permissions.send/recv</c>):
/// messages of that type are checked against these instead of the group-wide send/receive permissions.
/// </summary>
/// <param name="Type">The message type.</param>
/// <param name="Send">Who can send messages of this type.</param>
/// <param name="Receive">Who receives them (<see cref="Audience.Anyone"/> is treated as members).</param>
[GenerateSerializer, Immutable, Alias("convene.MessageTypeRule")]
public sealed record MessageTypeRule(int Type, Audience Send, Audience Receive);
