using Orleans.Concurrency;
using Convene.Grains.Groups;

namespace Convene.Grains.Streams;

/// <summary>The answer to publishing, subscribing or muting a stream.</summary>
/// <param name="Status">Ok, or why not; on anything but Ok nothing changed.</param>
/// <param name="Error">What was wrong, when not Ok.</param>
/// <param name="Stream">The stream's state.</param>
/// <param name="AnswerSdp">The relay's SDP answer, when an offer was given.</param>
[GenerateSerializer, Immutable, Alias("convene.StreamCallResult")]
public sealed record StreamCallResult(GroupStatus Status, string? Error, StreamInfo? Stream, string? AnswerSdp = null)
{
    /// <summary>For a publish: what the publisher may send (the room's settings tightened by the member's own).</summary>
    [Id(0)]
    public CallLimits? Limits { get; init; }

    /// <summary>A refusal.</summary>
    public static StreamCallResult Fail(GroupStatus status, string? error) => new(status, error, null);
}
