using Convene.Grains.Groups;
using Orleans.Concurrency;

namespace Convene.Grains.Calls;

/// <summary>The answer to a call operation.</summary>
/// <param name="Status">Ok, or why not (the same codes as group operations); on anything but Ok nothing changed.</param>
/// <param name="Error">What was wrong, when not Ok.</param>
/// <param name="Call">The call after the operation.</param>
/// <param name="AnswerSdp">The relay's SDP answer, for publish and subscribe.</param>
[GenerateSerializer, Immutable, Alias("convene.CallResult")]
public sealed record CallResult(GroupStatus Status, string? Error, CallInfo? Call, string? AnswerSdp = null)
{
    /// <summary>A refusal.</summary>
    public static CallResult Fail(GroupStatus status, string error) => new(status, error, null);
}
