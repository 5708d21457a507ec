using Orleans.Concurrency;
using Convene.Grains.Groups;

namespace Convene.Grains.Chat;

/// <summary>The answer to sending a message.</summary>
/// <param name="Status">Ok, or why not.</param>
/// <param name="Message">The accepted message (with its id).</param>
/// <param name="Error">What was wrong, when not Ok.</param>
/// <param name="Delivered">How many online recipients it was delivered to right away.</param>
[GenerateSerializer, Immutable, Alias("convene.ChatSendResult")]
public sealed record ChatSendResult(GroupStatus Status, ChatMessage? Message, string? Error, int Delivered)
{
    /// <summary>A refusal.</summary>
    public static ChatSendResult Fail(GroupStatus status, string error) => new(status, null, error, 0);
}
